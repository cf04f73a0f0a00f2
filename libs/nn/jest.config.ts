export default {
  displayName: 'nn',
  preset: '../../jest.preset.js',
};
