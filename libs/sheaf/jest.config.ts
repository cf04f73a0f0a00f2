export default {
  displayName: 'sheaf',
  preset: '../../jest.preset.js',
};
