export default {
  displayName: 'optim',
  preset: '../../jest.preset.js',
};
