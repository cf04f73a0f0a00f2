#!/usr/bin/env node
// `npm run bench -- <name> [args]`: runs tools/bench/src/<name>.bench.ts through tsx (which
// resolves the @gsn/* aliases from the root tsconfig). Without a name, lists the benchmarks.
// Each benchmark exports `main(argv): Promise<number>` and prints one JSON line per figure.
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const suffix = '.bench.ts';
const names = readdirSync(path.join(here, 'src'))
  .filter((f) => f.endsWith(suffix))
  .map((f) => f.slice(0, -suffix.length))
  .sort();
const [name, ...args] = process.argv.slice(2);
if (!name || name === '--help' || name === '-h') {
  console.log(`usage: npm run bench -- <name> [options]\n\nbenchmarks:\n${names.map((n) => `  ${n}`).join('\n')}`);
  process.exit(name ? 0 : 1);
}
if (!names.includes(name)) {
  console.error(`bench: unknown benchmark '${name}'; available: ${names.join(', ')}`);
  process.exit(2);
}
process.env.TSX_TSCONFIG_PATH = path.join(here, '..', '..', 'tsconfig.json');
const require = createRequire(import.meta.url);
require('tsx/cjs');
const bench = require(path.join(here, 'src', `${name}${suffix}`));
process.exitCode = await bench.main(args);
