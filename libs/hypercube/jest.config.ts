export default {
  displayName: 'hypercube',
  preset: '../../jest.preset.js',
};
