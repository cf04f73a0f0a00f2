export default {
  displayName: 'group-composition',
  preset: '../../jest.preset.js',
};
