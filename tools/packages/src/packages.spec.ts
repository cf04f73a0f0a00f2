import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ts from 'typescript';

const root = join(__dirname, '..', '..', '..');
const example = join(root, 'apps', 'example', 'src', 'main.ts');
const consumer = join(__dirname, 'consumer.js');
const workspace = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

interface Packed {
  readonly package: string;
  readonly tarball: string;
}

/** Every entry point an installed package publishes (its manifest's `exports`, less the manifest itself). */
const entryPoints = (app: string, names: readonly string[]) =>
  names.flatMap((name) => {
    const { exports } = JSON.parse(readFileSync(join(app, 'node_modules', name, 'package.json'), 'utf8'));
    return Object.keys(exports)
      .filter((key) => key !== './package.json')
      .map((key) => (key === '.' ? name : `${name}/${key.slice(2)}`));
  });

const run = (cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env) =>
  execFileSync(cmd, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

// An app in a folder outside this workspace that installs the packed tarballs with npm, as a
// user's app would: Node's resolution from there cannot reach the workspace's sources.
describe('npm run packages', () => {
  let packed: Packed[];
  let app: string;

  beforeAll(() => {
    packed = run(process.execPath, [join(root, 'tools', 'packages', 'build.mjs')], root)
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Packed);
    app = mkdtempSync(join(tmpdir(), 'gsn-app-'));
    const dependencies = Object.fromEntries(packed.map((p) => [p.package, `file:${join(root, p.tarball)}`]));
    const manifest = { name: 'gsn-app', private: true, dependencies: { ...dependencies, '@types/node': workspace.devDependencies['@types/node'] } };
    writeFileSync(join(app, 'package.json'), JSON.stringify(manifest, null, 2));
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], app);
    copyFileSync(example, join(app, 'example.ts'));
    const compiled = ts.transpileModule(readFileSync(example, 'utf8'), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } });
    writeFileSync(join(app, 'example.js'), compiled.outputText);
    copyFileSync(consumer, join(app, 'consumer.js'));
  }, 300_000);

  afterAll(() => {
    if (app) rmSync(app, { recursive: true, force: true });
  });

  it('packs one package per lib, and the CLI', () => {
    const libs = readdirSync(join(root, 'libs')).sort();
    expect(packed.map((p) => p.package)).toEqual([...libs.map((lib) => `@gsn/${lib}`), '@gsn/cli']);
    for (const lib of libs) {
      const installed = JSON.parse(readFileSync(join(app, 'node_modules', '@gsn', lib, 'package.json'), 'utf8'));
      expect(installed.version).toBe(workspace.version);
    }
  });

  it.each([
    ['node16', 'node16'],
    ['commonjs', 'node'],
  ])("type-checks the README's example and a testing entry point against the packages' declarations (module %s, resolution %s)", (module, moduleResolution) => {
    writeFileSync(join(app, 'uses-testing.ts'), "import { createRng } from '@gsn/tensor';\nimport { randomGraph } from '@gsn/stationary/testing';\nexport const edges: number = randomGraph(createRng(0), 8, 2).src.length;\n");
    const config = { compilerOptions: { strict: true, target: 'es2022', module, moduleResolution, types: ['node'], noEmit: true, skipLibCheck: true }, files: ['example.ts', 'uses-testing.ts'] };
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify(config));
    expect(() => run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], app)).not.toThrow();
  }, 60_000);

  it('gives an app the exports and the results of the workspace: the example, and training runs on worker threads', () => {
    const names = entryPoints(app, packed.map((p) => p.package).filter((name) => name !== '@gsn/cli'));
    const installed = JSON.parse(run(process.execPath, ['consumer.js', './example.js', ...names], app));
    const fromSources = JSON.parse(
      run(process.execPath, ['--require', 'tsx/cjs', consumer, example, ...names], root, { ...process.env, TSX_TSCONFIG_PATH: join(root, 'tsconfig.json') }),
    );
    expect(installed).toEqual(fromSources);
    for (const name of names) expect(installed.exports[name].length).toBeGreaterThan(0);
    expect(installed.workerRuns.map((r: { split: string }) => r.split)).toEqual(['geom-gcn-0', 'geom-gcn-1']);
    expect(installed.texas.epochs).toBe(5);
  }, 120_000);

  it("runs the installed gsn command as the workspace's: a 2-worker training job on the shipped Texas", () => {
    const args = ['train', '--data', 'texas', '--splits', '0-1', '--epochs', '3', '--patience', '3', '--workers', '2', '--json'];
    const result = (out: string) => {
      const { epoch_ms_median: _timing, ...rest } = JSON.parse(out.trim().split('\n').pop()!);
      return rest;
    };
    const installed = result(run(join(app, 'node_modules', '.bin', 'gsn'), args, app));
    expect(installed).toEqual(result(run(process.execPath, [join(root, 'apps', 'gsn', 'bin', 'gsn.js'), ...args], root)));
    expect(installed.test_accs).toHaveLength(2);
  }, 120_000);
});
