export default {
  displayName: 'distributed',
  preset: '../../jest.preset.js',
};
