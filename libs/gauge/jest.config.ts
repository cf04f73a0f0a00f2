export default {
  displayName: 'gauge',
  preset: '../../jest.preset.js',
};
