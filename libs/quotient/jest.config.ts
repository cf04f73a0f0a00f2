export default {
  displayName: 'quotient',
  preset: '../../jest.preset.js',
};
