export default {
  displayName: 'coordinator-app',
  preset: '../../jest.preset.js',
};
