/**
 * `npm run bench -- spmm [--backends wasm,cpu] [--graphs cora,1e4,1e5,1e6] [--cols 64] [--no-torch]`
 *
 * gsn's CSR SpMM op (forward, and forward+backward with gradients w.r.t. X and A's values, upstream
 * dy given) against, in the same run and on the same backend, the tfjs composition
 * `gather` + `tf.sparse.sparseSegmentSum` (whose backward is hand-written with tf.customGrad, as
 * tfjs has no gradient for SparseSegmentSum), and against torch.sparse.mm from
 * /usr/bin/python3 (2 threads) on the same graphs. One JSON line per figure.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import {
  createRng,
  csrFromCoo,
  csrTensorFromCsr,
  csrTranspose,
  spmm,
  useBackend,
  type BackendName,
  type Csr,
  type CsrTensor,
} from '@gsn/tensor';
import { printFigure, round, timeMs, type Timing, type TimingOptions } from './harness';

const BENCH = 'spmm';
const ROOT = path.join(__dirname, '..', '..', '..');
const CORA_EDGES = path.join(process.env['GSN_DATASETS'] ?? '/work/shared/datasets', 'cora', 'out1_graph_edges.txt');

interface Graph {
  readonly name: string;
  readonly csr: Csr;
}

/** Cora's citation graph, both directions of each undirected edge: 2708 nodes, 10556 entries. */
function coraGraph(): Graph {
  const lines = readFileSync(CORA_EDGES, 'utf8').trim().split('\n').slice(1);
  const rows: number[] = [];
  const cols: number[] = [];
  for (const line of lines) {
    const [u, v] = line.split('\t').map(Number);
    rows.push(u, v);
    cols.push(v, u);
  }
  const rng = createRng(1);
  const values = rows.map(() => rng.next());
  return { name: 'cora', csr: csrFromCoo(2708, 2708, rows, cols, values, 'float32') };
}

/**
 * A uniformly random graph with about `edges` entries and edges / 4 nodes (Cora's density). The
 * entry (n-1, n-1) makes the last row and column non-empty, which sparseSegmentSum needs to
 * produce all n output rows.
 */
function randomGraph(edges: number): Graph {
  const n = Math.round(edges / 4);
  const rng = createRng(edges);
  const rows = new Int32Array(edges);
  const cols = new Int32Array(edges);
  const values = new Float32Array(edges);
  for (let k = 0; k < edges - 1; k++) {
    rows[k] = rng.int(n);
    cols[k] = rng.int(n);
    values[k] = rng.next();
  }
  rows[edges - 1] = n - 1;
  cols[edges - 1] = n - 1;
  values[edges - 1] = 1;
  return { name: `random-${edges.toExponential().replace('+', '')}`, csr: csrFromCoo(n, n, rows, cols, values, 'float32') };
}

function graphFor(spec: string): Graph {
  if (spec === 'cora') return existsSync(CORA_EDGES) ? coraGraph() : { ...randomGraph(10556), name: 'cora-sized-random' };
  const edges = Number(spec);
  if (!Number.isInteger(edges) || edges < 2) throw new Error(`bench spmm: graph '${spec}' is neither 'cora' nor an edge count`);
  return randomGraph(edges);
}

const nnzOf = (a: Csr) => a.rowPtr[a.nRows];

/**
 * The baseline: Y = sparseSegmentSum(gather(X, colIdx) * values, arange, rowOfEntry). Its backward
 * is written with the same built-in ops: dX by a segment sum over the entries sorted by column,
 * dvalues as the row-wise dot product of gathered rows of dY and X.
 */
function gatherSegmentSum(a: Csr): { run: (values: tf.Tensor1D, x: tf.Tensor2D) => tf.Tensor2D; dispose: () => void } {
  const n = nnzOf(a);
  const rowOf = new Int32Array(n);
  for (let i = 0; i < a.nRows; i++) rowOf.fill(i, a.rowPtr[i], a.rowPtr[i + 1]);
  const { matrix: t, permutation } = csrTranspose(a);
  const colOfSorted = new Int32Array(n);
  for (let j = 0; j < t.nRows; j++) colOfSorted.fill(j, t.rowPtr[j], t.rowPtr[j + 1]);
  const rows = tf.tensor1d(rowOf, 'int32');
  const cols = tf.tensor1d(a.colIdx, 'int32');
  const entries = tf.range(0, n, 1, 'int32');
  const rowsByCol = tf.tensor1d(t.colIdx, 'int32');
  const colsSorted = tf.tensor1d(colOfSorted, 'int32');
  const perm = tf.tensor1d(permutation, 'int32');
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [values, x, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    save([values, x]);
    const messages = tf.mul(tf.gather(x, cols), tf.expandDims(values, 1));
    return {
      value: tf.sparse.sparseSegmentSum(messages, entries, rows),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [v, xx] = saved;
        const dValues = tf.sum(tf.mul(tf.gather(dy, rows), tf.gather(xx, cols)), 1);
        const scaled = tf.mul(tf.gather(dy, rowsByCol), tf.expandDims(tf.gather(v, perm), 1));
        return [dValues, tf.sparse.sparseSegmentSum(scaled, entries, colsSorted)];
      },
    };
  });
  return {
    run: (values, x) => op(values, x) as tf.Tensor2D,
    dispose: () => tf.dispose([rows, cols, entries, rowsByCol, colsSorted, perm]),
  };
}

function forwardBackward(f: (v: tf.Tensor1D, x: tf.Tensor2D) => tf.Tensor2D, values: tf.Tensor1D, x: tf.Tensor2D, dy: tf.Tensor2D) {
  return () => tf.dispose(tf.grads((v: tf.Tensor, xx: tf.Tensor) => f(v as tf.Tensor1D, xx as tf.Tensor2D))([values, x], dy));
}

interface TorchFigure {
  graph: string;
  pass: string;
  torchMs?: number;
  skipped?: string;
  how?: string;
}

/** Writes the graphs for the python side and runs it; returns its lines (or one skipped line). */
function torchTimings(graphs: readonly Graph[], cols: number): TorchFigure[] {
  const dir = path.join(ROOT, 'tmp', 'bench-spmm');
  mkdirSync(dir, { recursive: true });
  for (const { name, csr } of graphs) {
    writeFileSync(path.join(dir, `${name}.meta.json`), JSON.stringify({ nRows: csr.nRows, nCols: csr.nCols, nnz: nnzOf(csr) }));
    writeFileSync(path.join(dir, `${name}.rowptr.bin`), csr.rowPtr);
    writeFileSync(path.join(dir, `${name}.colidx.bin`), csr.colIdx);
    writeFileSync(path.join(dir, `${name}.values.bin`), Float32Array.from(csr.values));
  }
  const script = path.join(__dirname, '..', 'spmm-torch.py');
  const r = spawnSync('/usr/bin/python3', [script, dir, String(cols), ...graphs.map((g) => g.name)], {
    env: { ...process.env, OMP_WAIT_POLICY: 'PASSIVE', OMP_NUM_THREADS: '2', MKL_NUM_THREADS: '2' },
    encoding: 'utf8',
  });
  const lines = (r.stdout ?? '').split('\n').filter((l) => l.startsWith('{'));
  if (r.status !== 0 || lines.length === 0) {
    return [{ graph: '*', pass: '*', skipped: `python3 failed (status ${r.status}): ${(r.stderr ?? r.error?.message ?? '').trim().slice(-300)}` }];
  }
  return lines.map((l) => JSON.parse(l) as TorchFigure);
}

export async function main(argv: string[]): Promise<number> {
  const { values: opts } = parseArgs({
    args: argv,
    options: {
      backends: { type: 'string', default: 'wasm,cpu' },
      graphs: { type: 'string', default: 'cora,1e4,1e5,1e6' },
      cols: { type: 'string', default: '64' },
      'no-torch': { type: 'boolean', default: false },
    },
  });
  const cols = Number(opts.cols);
  const graphs = opts.graphs.split(',').map(graphFor);

  const torch = opts['no-torch'] ? [] : torchTimings(graphs, cols);
  for (const t of torch) printFigure(BENCH, { side: 'torch', ...t });
  const torchMs = (graph: string, pass: string) => torch.find((t) => t.graph === graph && t.pass === pass)?.torchMs;

  for (const backend of opts.backends.split(',') as BackendName[]) {
    await useBackend(backend);
    for (const { name, csr } of graphs) {
      const edges = nnzOf(csr);
      const a: CsrTensor = csrTensorFromCsr(csr);
      const rng = createRng(7);
      const x = tf.tensor2d(Float32Array.from({ length: csr.nCols * cols }, () => rng.next()), [csr.nCols, cols]);
      const dy = tf.tensor2d(Float32Array.from({ length: csr.nRows * cols }, () => rng.next()), [csr.nRows, cols]);
      const gsnOp = (v: tf.Tensor1D, xx: tf.Tensor2D) => spmm({ ...a, values: v }, xx);
      const baseline = gatherSegmentSum(csr);
      const baseOp = baseline.run;

      // Same result? (float32; the baseline sums in another order)
      const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(gsnOp(a.values, x), baseOp(a.values, x)))).dataSync()[0]);

      // The baseline is 10-100x slower: on big graphs (and on cpu) time it only a few times.
      const slow = edges * cols > (backend === 'cpu' ? 2e6 : 2e7);
      const baseTiming: Partial<TimingOptions> = slow ? { warmup: 1, minReps: 1, maxReps: 2, minTotalMs: 0 } : {};
      const passes: [string, () => void, () => void][] = [
        ['forward', () => tf.dispose(gsnOp(a.values, x)), () => tf.dispose(baseOp(a.values, x))],
        ['forward+backward', forwardBackward(gsnOp, a.values, x, dy), forwardBackward(baseOp, a.values, x, dy)],
      ];
      for (const [pass, gsnRun, baseRun] of passes) {
        const gsn: Timing = timeMs(gsnRun);
        const base: Timing = timeMs(baseRun, baseTiming);
        const torchPass = torchMs(name, pass);
        const torchAutograd = pass === 'forward+backward' ? torchMs(name, 'forward+backward autograd') : undefined;
        printFigure(BENCH, {
          side: 'gsn',
          backend,
          graph: name,
          nodes: csr.nRows,
          edges,
          cols,
          pass,
          gsnMs: gsn.ms,
          gsnMsPer1e6Edges: round((gsn.ms * 1e6) / edges),
          gatherSegmentSumMs: base.ms,
          speedupVsGatherSegmentSum: round(base.ms / gsn.ms),
          torchMs: torchPass ?? null,
          gsnOverTorch: torchPass ? round(gsn.ms / torchPass) : null,
          ...(torchAutograd !== undefined ? { torchAutogradMs: torchAutograd, gsnOverTorchAutograd: round(gsn.ms / torchAutograd) } : {}),
          reps: { gsn: gsn.reps, gatherSegmentSum: base.reps },
          ...(pass === 'forward' ? { maxAbsDiffVsGatherSegmentSum: round(diff) } : {}),
        });
      }
      tf.dispose([a.values, x, dy]);
      baseline.dispose();
    }
  }
  return 0;
}
