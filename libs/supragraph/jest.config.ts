export default {
  displayName: 'supragraph',
  preset: '../../jest.preset.js',
};
