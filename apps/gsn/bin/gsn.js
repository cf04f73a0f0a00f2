#!/usr/bin/env node
// The gsn command. From the sources, tsx runs the TypeScript CLI and resolves the workspace's
// @gsn/* path aliases from the root tsconfig wherever the command is started from; an installed
// @gsn/cli package (`npm run packages`) runs its compiled files.
const path = require('node:path');
const { existsSync } = require('node:fs');

const compiled = path.join(__dirname, '..', 'src', 'main.js');
const installed = existsSync(compiled);
if (!installed) {
  process.env.TSX_TSCONFIG_PATH = path.join(__dirname, '..', '..', '..', 'tsconfig.json');
  require('tsx/cjs');
}
require(installed ? compiled : '../src/main.ts')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
