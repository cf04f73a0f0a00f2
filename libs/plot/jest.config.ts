export default {
  displayName: 'plot',
  preset: '../../jest.preset.js',
};
