export default {
  displayName: 'gsn',
  preset: '../../jest.preset.js',
};
