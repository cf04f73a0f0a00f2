export default {
  displayName: 'train',
  preset: '../../jest.preset.js',
};
