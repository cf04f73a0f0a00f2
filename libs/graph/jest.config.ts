export default {
  displayName: 'graph',
  preset: '../../jest.preset.js',
};
