#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, which resolves the workspace's @gsn/* path aliases
// from the root tsconfig wherever the command is started from.
const path = require('node:path');
process.env.TSX_TSCONFIG_PATH = path.join(__dirname, '..', '..', '..', 'tsconfig.json');
require('tsx/cjs');
require('../src/main.ts')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
