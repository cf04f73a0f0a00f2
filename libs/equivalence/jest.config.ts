export default {
  displayName: 'equivalence',
  preset: '../../jest.preset.js',
};
