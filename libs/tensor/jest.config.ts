export default {
  displayName: 'tensor',
  preset: '../../jest.preset.js',
};
