export default {
  displayName: 'packages',
  preset: '../../jest.preset.js',
};
