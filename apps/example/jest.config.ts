export default {
  displayName: 'example',
  preset: '../../jest.preset.js',
};
