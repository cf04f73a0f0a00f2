export default {
  displayName: 'groups',
  preset: '../../jest.preset.js',
};
