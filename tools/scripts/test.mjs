// `npm test`: type-check, lint (module boundaries included), then every jest project once.
// Ends with one plain `tests: N passed, N failed` line.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';

const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' };
function step(label, cmd, args) {
  const t0 = Date.now();
  console.log(`\n== ${label}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  console.log(`== ${label}: ${r.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return r.status === 0;
}

const results = 'tmp/jest-results.json';
rmSync(results, { force: true });
mkdirSync('tmp', { recursive: true });
const okTypes = step('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
const okLint = step('lint', 'npx', ['eslint', '.', '--max-warnings=0']);
const okJest = step('jest', 'npx', ['jest', '-c', 'jest.config.ts', '--json', `--outputFile=${results}`, ...process.argv.slice(2)]);

let passed = 0;
let failed = 0;
try {
  const r = JSON.parse(readFileSync(results, 'utf8'));
  passed = r.numPassedTests;
  failed = r.numFailedTests + r.numRuntimeErrorTestSuites;
} catch {
  failed += 1;
}
if (!okTypes) failed += 1;
if (!okLint) failed += 1;
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(okTypes && okLint && okJest && failed === 0 ? 0 : 1);
