export default {
  displayName: 'solvers',
  preset: '../../jest.preset.js',
};
