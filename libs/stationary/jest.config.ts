export default {
  displayName: 'stationary',
  preset: '../../jest.preset.js',
};
