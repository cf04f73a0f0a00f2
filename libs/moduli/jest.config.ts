export default {
  displayName: 'moduli',
  preset: '../../jest.preset.js',
};
