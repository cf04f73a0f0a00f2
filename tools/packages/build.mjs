// `npm run packages`: every lib under libs/ as an installable npm package, and the gsn command as
// @gsn/cli, for apps outside this workspace. Compiles them once (tsconfig.build.json: JavaScript
// and declarations), then assembles dist/packages/<name> (the compiled src/, README,
// package.json; @gsn/graph also the shipped datasets, @gsn/cli its bin/) and packs each into
// dist/tarballs/gsn-<name>-<version>.tgz.
//
// A package's manifest is derived from its sources' imports, so it cannot drift from them:
// @gsn/* imports become dependencies on the same version, @tensorflow/* peer dependencies (tfjs
// registers kernels and backends in one global registry, so an app must hold a single copy),
// anything else a dependency at the workspace's range. Prints one JSON line per package.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const workspace = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const ranges = { ...workspace.devDependencies, ...workspace.dependencies };
const build = join(root, 'dist', 'build');
const packages = join(root, 'dist', 'packages');
const tarballs = join(root, 'dist', 'tarballs');
/** Optional native backends @gsn/tensor uses when an app has one (never installed here). */
const NATIVE_BACKENDS = ['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu'];

function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const shipped = (file) => !/\.spec\.ts$|\.fixture[^/]*\.ts$/.test(file);

/** Package names a lib's shipped sources import (bare specifiers; node: built-ins left out). */
function importedPackages(srcDir) {
  const names = new Set();
  for (const file of filesUnder(srcDir).filter((f) => f.endsWith('.ts') && shipped(f))) {
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(/(?:from|import\(|require\()\s*'([^'.][^']*)'/g)) {
      if (spec.startsWith('node:')) continue;
      const parts = spec.split('/');
      names.add(spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]);
    }
  }
  return [...names].sort();
}

function rangeOf(name, dir) {
  if (name.startsWith('@gsn/')) return workspace.version;
  if (!ranges[name]) throw new Error(`${dir}: imports '${name}', which the workspace's package.json does not list`);
  return ranges[name];
}

/** The first sentence of the README's first paragraph. */
function description(readme) {
  const lines = readme.split('\n');
  const start = lines.findIndex((l) => l.trim() && !l.startsWith('#'));
  const end = lines.findIndex((l, i) => i > start && !l.trim());
  const paragraph = lines.slice(start, end < 0 ? undefined : end).join(' ');
  return paragraph.replace(/`/g, '').split(/(?<=\.)\s/)[0].trim();
}

/** What to pack: each lib, and the CLI app. */
const units = [
  ...readdirSync(join(root, 'libs'))
    .sort()
    .map((lib) => {
      const readme = join('libs', lib, 'README.md');
      return { dir: join('libs', lib), name: `@gsn/${lib}`, entry: 'index', readme, description: description(readFileSync(join(root, readme), 'utf8')), extra: lib === 'graph' ? ['data'] : [] };
    }),
  (() => {
    const app = JSON.parse(readFileSync(join(root, 'apps', 'gsn', 'package.json'), 'utf8'));
    return { dir: join('apps', 'gsn'), name: app.name, entry: 'main', readme: 'README.md', description: app.description, extra: [join('apps', 'gsn', 'bin')], bin: app.bin };
  })(),
];

function manifest(unit, srcDir) {
  const deps = {};
  const peers = {};
  for (const name of importedPackages(srcDir)) (name.startsWith('@tensorflow/') ? peers : deps)[name] = rangeOf(name, unit.dir);
  const entry = (file) => ({ types: `./src/${file}.d.ts`, default: `./src/${file}.js` });
  const hasTesting = existsSync(join(srcDir, 'testing.ts'));
  const isTensor = unit.name === '@gsn/tensor';
  const native = isTensor ? Object.fromEntries(NATIVE_BACKENDS.map((n) => [n, ranges['@tensorflow/tfjs']])) : {};
  return {
    name: unit.name,
    version: workspace.version,
    description: unit.description,
    license: workspace.license,
    engines: workspace.engines,
    main: `./src/${unit.entry}.js`,
    types: `./src/${unit.entry}.d.ts`,
    exports: { '.': entry(unit.entry), ...(hasTesting ? { './testing': entry('testing') } : {}), './package.json': './package.json' },
    // TypeScript's classic `node` resolution (Nx's tsconfig.base.json default) ignores `exports`
    ...(hasTesting ? { typesVersions: { '*': { testing: ['./src/testing.d.ts'] } } } : {}),
    ...(unit.bin ? { bin: unit.bin } : {}),
    files: ['src', ...unit.extra.map((e) => e.split('/').pop()), 'README.md'],
    dependencies: deps,
    ...(Object.keys(peers).length ? { peerDependencies: { ...peers, ...native } } : {}),
    ...(isTensor ? { peerDependenciesMeta: Object.fromEntries(NATIVE_BACKENDS.map((n) => [n, { optional: true }])) } : {}),
  };
}

rmSync(join(root, 'dist'), { recursive: true, force: true });
execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
mkdirSync(tarballs, { recursive: true });
for (const unit of units) {
  const srcDir = join(root, unit.dir, 'src');
  const out = join(packages, unit.name.slice('@gsn/'.length));
  cpSync(join(build, unit.dir, 'src'), join(out, 'src'), { recursive: true });
  // files the compiler does not emit (a worker bootstrap in plain JavaScript)
  for (const file of filesUnder(srcDir).filter((f) => !f.endsWith('.ts'))) cpSync(file, join(out, 'src', relative(srcDir, file)));
  cpSync(join(root, unit.readme), join(out, 'README.md'));
  for (const extra of unit.extra) cpSync(join(root, extra), join(out, extra.split('/').pop()), { recursive: true });
  const pkg = manifest(unit, srcDir);
  writeFileSync(join(out, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', tarballs], { cwd: out, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  console.log(JSON.stringify({ package: pkg.name, tarball: join('dist', 'tarballs', packed.filename), files: packed.entryCount, kib: Math.round(packed.size / 1024) }));
}
