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
/**
 * Whether eslint enforces the module boundaries: it lints a tensor-layer file importing the train
 * layer and must report it. Without a cached Nx project graph (a fresh clone) the rule only
 * warns on stderr that it is skipped, and the lint would pass without checking a boundary.
 */
function boundaryRuleEnforced() {
  const canary = "import { trainSplit } from '@gsn/train';\nexport const canary = trainSplit;\n";
  const r = spawnSync('npx', ['eslint', '--stdin', '--stdin-filename', 'libs/tensor/src/boundary-canary.ts', '--format', 'json'], { input: canary, env, encoding: 'utf8' });
  try {
    // the report is the last line: the rule's own "skipped" warning comes before it on stdout
    const report = JSON.parse(r.stdout.trim().split('\n').pop());
    const ok = report[0].messages.some((m) => m.ruleId === '@nx/enforce-module-boundaries');
    console.log(`== lint: module-boundary rule ${ok ? 'enforced' : 'NOT enforced'} (a tensor file importing @gsn/train ${ok ? 'is' : 'is not'} reported)`);
    return ok;
  } catch {
    console.log(`== lint: module-boundary check could not run: ${r.stderr}`);
    return false;
  }
}

const okTypes = step('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
// The boundary rule reads Nx's cached project graph; this computes it.
const okGraph = step('project graph', 'npx', ['nx', 'show', 'projects']);
const okLint = okGraph && step('lint', 'npx', ['eslint', '.', '--max-warnings=0']) && boundaryRuleEnforced();
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
