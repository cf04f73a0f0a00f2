/**
 * `npm run bench -- train [--epochs 20] [--split geom-gcn-0] [--peer]`
 *
 * The graph-stationary network against GCN on Cora (wasm backend), one JSON line per figure:
 *   epoch      median ms per training epoch (forward, loss, backward, update) of `stationary`
 *              and `gcn` over `--epochs` epochs of one split, their ratio, and the stationary
 *              network's forward solver iterations per training epoch;
 *   solver     forward and adjoint iterations of one stationary layer at its initial
 *              parameters (symmetric-normalized edge weights, κ = 1, ReLU, 16 channels, a
 *              random source) to tol 1e-5, plain forward–backward against Anderson, and the
 *              same with unit edge weights (Λ ≈ 2 d_max + κ: the conditioning the
 *              normalization removes);
 *   memory     peak of process memory above its level before one op call (forward solve +
 *              adjoint solve) run for exactly 20 and 200 iterations each (tol 1e-30): the adjoint
 *              keeps only ψ*, so the ratio should be ≈ 1;
 *   peer       with `--peer`: peer.py's implicit model on `--peer-splits` Cora splits on this
 *              machine (`/usr/bin/python3 /work/shared/peer/peer.py cora implicit`), its
 *              median ms per epoch and the ratio stationary / implicit.
 * Timings on a shared machine: compare ratios within one run only.
 */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { degreeCounts, loadDataset, withWeights, type WeightedGraph } from '@gsn/graph';
import { gcn, type GraphInputs, type Model } from '@gsn/nn';
import { anderson, fixedPoint, forwardBackward, type Acceleration } from '@gsn/solvers';
import {
  rawFromKappa,
  reluPotential,
  stationaryLayerOp,
  stationaryState,
  stationaryVjp,
  type Potential,
  type StationaryLayer,
} from '@gsn/stationary';
import { createRng, useBackend } from '@gsn/tensor';
import { datasetTask, median, stationaryNetwork, trainSplit } from '@gsn/train';
import { printFigure, round } from './harness';

const BENCH = 'train';
const CHANNELS = 16;
const TOL = 1e-5;

function symmetricWeights(graph: WeightedGraph): Float32Array {
  const d = degreeCounts(graph);
  return Float32Array.from(graph.src, (i, e) => 1 / Math.sqrt(d[i] * d[graph.dst[e]]));
}

function epochFigure(model: Model<GraphInputs>, task: ReturnType<typeof datasetTask>, split: string, epochs: number) {
  const s = task.splits.find((x) => x.name === split);
  if (!s) throw new Error(`train bench: no split '${split}'`);
  const r = trainSplit(model, task, s, 0, { epochs, patience: epochs });
  return {
    ms: median([...r.epochMs]),
    forward: r.solverIterations.length ? r.solverIterations.reduce((a, b) => a + b, 0) / r.solverIterations.length : null,
  };
}

function solverFigure(graph: WeightedGraph, weights: string, acceleration: Acceleration, source: Float32Array): void {
  const layer: StationaryLayer = { graph, channels: CHANNELS, kappa: 1, potential: reluPotential() };
  const t0 = performance.now();
  const forward = stationaryState(layer, source, {
    solver: forwardBackward,
    solverOptions: { tol: TOL, maxIter: 5000, acceleration, throwOnFail: false },
  });
  const forwardMs = performance.now() - t0;
  const t1 = performance.now();
  const adjointSolver = acceleration === 'anderson' ? anderson : fixedPoint;
  const g = stationaryVjp(layer, forward, source, source, {
    form: 'prox',
    solver: adjointSolver,
    solverOptions: { tol: TOL, maxIter: 5000, throwOnFail: false },
  });
  printFigure(BENCH, {
    figure: 'solver',
    weights,
    acceleration,
    lambdaBound: round(1 / forward.alpha),
    forwardIterations: forward.iterations,
    adjointIterations: g.adjointIterations,
    msPerIteration: round((forwardMs + performance.now() - t1) / (forward.iterations + g.adjointIterations)),
  });
}

/** Process memory (heap + array buffers) sampled at every prox call of a solve. */
function sampledPotential(base: Potential, sample: () => void): Potential {
  return {
    ...base,
    prox: (y, alpha, c, out) => {
      sample();
      base.prox(y, alpha, c, out);
    },
    proxJvp: (y, alpha, c, v, out) => {
      sample();
      base.proxJvp(y, alpha, c, v, out);
    },
  };
}

function peakMemory(graph: WeightedGraph, iterations: number, source: tf.Tensor2D): number {
  const used = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  global.gc?.();
  const before = used();
  let peak = before;
  const sample = () => {
    peak = Math.max(peak, used());
  };
  const stop = { tol: 1e-30, maxIter: iterations, throwOnFail: false };
  const config = {
    graph,
    channels: CHANNELS,
    kappaMin: 0.1,
    potential: sampledPotential(reluPotential(), sample),
    forward: { solver: forwardBackward, options: { ...stop, acceleration: 'anderson' as const } },
    adjoint: { form: 'prox' as const, solver: anderson, solverOptions: stop },
  };
  const weights = tf.tensor1d(graph.weights as Float32Array);
  const kappaRaw = tf.scalar(rawFromKappa(1, 0.1));
  const [grad] = tf.grads((s: tf.Tensor) => tf.sum(tf.square(stationaryLayerOp(s as tf.Tensor2D, { weights, kappaRaw }, config))))([source]);
  grad.dataSync();
  sample();
  tf.dispose([grad, weights, kappaRaw]);
  return peak - before;
}

function peerFigure(splits: number, stationaryMs: number): void {
  const r = spawnSync('/usr/bin/python3', ['/work/shared/peer/peer.py', 'cora', 'implicit', '--splits', String(splits)], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  const last = r.stdout?.trim().split('\n').pop();
  if (r.status !== 0 || !last) {
    printFigure(BENCH, { figure: 'peer', error: `peer.py exited with ${r.status}: ${r.stderr?.slice(-300)}` });
    return;
  }
  const out = JSON.parse(last) as { ms_per_epoch_median: number; acc_mean: number };
  printFigure(BENCH, {
    figure: 'peer',
    model: 'implicit',
    splits,
    ms: round(out.ms_per_epoch_median),
    accMean: out.acc_mean,
    stationaryOverPeer: round(stationaryMs / out.ms_per_epoch_median),
  });
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      epochs: { type: 'string', default: '20' },
      split: { type: 'string', default: 'geom-gcn-0' },
      peer: { type: 'boolean', default: false },
      'peer-splits': { type: 'string', default: '3' },
    },
  });
  await useBackend('wasm');
  const dataset = loadDataset('cora');
  const task = datasetTask(dataset);
  const epochs = Number(values.epochs);

  const stationary = epochFigure(stationaryNetwork(dataset.graph), task, values.split, epochs);
  const baseline = epochFigure(gcn(), task, values.split, epochs);
  printFigure(BENCH, {
    figure: 'epoch',
    data: 'cora',
    split: values.split,
    epochs,
    stationaryMs: round(stationary.ms),
    gcnMs: round(baseline.ms),
    ratio: round(stationary.ms / baseline.ms),
    forwardIterations: round(stationary.forward ?? 0),
  });

  const rng = createRng(5);
  const n = dataset.graph.nodes;
  const source = Float32Array.from({ length: n * 2 * CHANNELS }, () => rng.next() - 0.5);
  const symmetric = withWeights(dataset.graph, symmetricWeights(dataset.graph));
  const unit = withWeights(dataset.graph, new Float32Array(dataset.graph.src.length).fill(1));
  for (const [name, graph] of [['symmetric', symmetric], ['unit', unit]] as const) {
    for (const acceleration of ['none', 'anderson'] as const) solverFigure(graph, name, acceleration, source);
  }

  const sourceTensor = tf.tensor2d(source, [n, 2 * CHANNELS]);
  const peak20 = peakMemory(symmetric, 20, sourceTensor);
  const peak200 = peakMemory(symmetric, 200, sourceTensor);
  sourceTensor.dispose();
  printFigure(BENCH, {
    figure: 'memory',
    peakMiB20: round(peak20 / 2 ** 20),
    peakMiB200: round(peak200 / 2 ** 20),
    ratio: round(peak200 / peak20),
  });

  if (values.peer) peerFigure(Number(values['peer-splits']), stationary.ms);
  return 0;
}
