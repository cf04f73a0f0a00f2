/**
 * `npm run bench -- moduli-curvature [--data texas] [--splits 0-2] [--pretrain 100] [--h 0.01] [--epsilon 0.1] [--backend wasm]`
 *
 * Is the entropy metric g_e = 1/(w_e + ε) a model of the loss's curvature in the edge weights?
 * The natural gradient G⁻¹∇F takes fewer steps than plain gradient descent where G resembles the
 * Hessian of F; this measures the Hessian's diagonal. Per split: the stationary network is
 * trained `--pretrain` epochs on the input graph and frozen; on the moduli graph (input edges at
 * their initial weights, 2-hop candidates at 0) the bench takes the training cross-entropy F(w)
 * (dropout off), its gradient ∂F/∂w_e, and the diagonal H_ee = ∂²F/∂w_e² by central differences
 * of the gradient with step h (forward differences at weights below h), once with h and once
 * with h/4: `fd_disagreement` is the median over edges of |H(h) − H(h/4)| / (|H(h)| + |H(h/4)|)
 * and `fd_sign_agreement` the share of edges where both have the same sign, the checks that the
 * float32 differences measure curvature, not noise.
 *
 * Printed per split: the share of edges with H_ee < 0 (directions in which F is concave, where
 * no metric of a convex potential matches F); the correlation of H_ee with g_e over the present
 * edges (near 1 if the entropy metric were the curvature's shape); the spread max g / min g; and
 * mean |∂F/∂w_e| and mean H_ee over the lightest and heaviest quarter of the present edges and
 * over the absent candidates. A last line averages over splits.
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { loadDataset } from '@gsn/graph';
import { entropyMetric } from '@gsn/moduli';
import { createRng, InvalidArgumentError, useBackend, type BackendName } from '@gsn/tensor';
import { crossEntropyTargets, datasetTask, GRAPH_LEARNING_DEFAULTS, graphLearning, isEdgeWeightParam, maskedCrossEntropy, meanStd, median, stationaryNetwork } from '@gsn/train';
import { printFigure, round } from './harness';
import { onPretrainedNetwork, pretrainedNetwork } from './pretrained-network';

const BENCH = 'moduli-curvature';

/** Pearson correlation of two equal-length samples. */
function correlation(x: readonly number[], y: readonly number[]): number {
  const [a, b] = [meanStd(x), meanStd(y)];
  return x.reduce((s, xi, i) => s + (xi - a.mean) * (y[i] - b.mean), 0) / x.length / (a.std * b.std);
}

/** H_ee by differences of `grad` (central where w_e ≥ h, forward below). */
function hessianDiagonal(grad: (w: Float32Array) => Float32Array, w: Float32Array, g0: Float32Array, h: number): Float64Array {
  const at = (e: number, shift: number) => {
    const moved = Float32Array.from(w);
    moved[e] += shift;
    return grad(moved)[e];
  };
  return Float64Array.from(w, (we, e) => (we >= h ? (at(e, h) - at(e, -h)) / (2 * h) : (at(e, h) - g0[e]) / h));
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string', default: 'texas' },
      splits: { type: 'string', default: '0-2' },
      pretrain: { type: 'string', default: '100' },
      h: { type: 'string', default: '0.01' },
      epsilon: { type: 'string', default: String(GRAPH_LEARNING_DEFAULTS.epsilon) },
      backend: { type: 'string', default: 'wasm' },
    },
  });
  const [from, to] = values.splits!.split('-').map(Number);
  const [pretrain, h, epsilon] = [Number(values.pretrain), Number(values.h), Number(values.epsilon)];
  const metric = entropyMetric(epsilon);
  await useBackend(values.backend as BackendName);
  const dataset = loadDataset(values.data!);
  const task = datasetTask(dataset);
  const learning = graphLearning(dataset.graph, { mode: 'natural', epsilon });
  const model = learning.model((g) => stationaryNetwork(g));
  const lines: Record<string, number>[] = [];
  try {
    for (let k = from; k <= (to ?? from); k++) {
      const split = task.splits[k];
      const network = pretrainedNetwork(dataset.graph, task, split, k, pretrain);
      const params = onPretrainedNetwork(model.init(createRng(k), task.dims), network);
      tf.dispose(Object.values(network));
      const names = Object.keys(params).filter(isEdgeWeightParam);
      if (names.length !== 1) throw new InvalidArgumentError(`${BENCH}: the stationary network has ${names.length} layers of edge weights; this bench reads one`);
      const targets = crossEntropyTargets(task.labels, task.dims.classes, split.train);
      const ctx = { training: false, rng: createRng(0) };
      const grad = (w: Float32Array): Float32Array =>
        tf.tidy(() => {
          const loss = (wt: tf.Tensor) => maskedCrossEntropy(model.apply({ ...params, [names[0]]: wt }, task.inputs, ctx), targets);
          return tf.grad(loss)(tf.tensor1d(w)).dataSync() as Float32Array;
        });
      const w = Float32Array.from(params[names[0]].dataSync());
      const g0 = grad(w);
      const [coarse, fine] = [hessianDiagonal(grad, w, g0, h), hessianDiagonal(grad, w, g0, h / 4)];
      targets.dispose();
      tf.dispose(Object.values(params));

      const present = [...w.keys()].filter((e) => w[e] > 0).sort((a, b) => w[a] - w[b]);
      const absent = [...w.keys()].filter((e) => w[e] === 0);
      const quarter = Math.max(1, Math.floor(present.length / 4));
      const [light, heavy] = [present.slice(0, quarter), present.slice(-quarter)];
      const mean = (edges: readonly number[], f: (e: number) => number) => (edges.length ? edges.reduce((s, e) => s + f(e), 0) / edges.length : NaN);
      const metricOf = present.map((e) => metric.metric(w[e]));
      const line = {
        negative_curvature_share: coarse.filter((x) => x < 0).length / coarse.length,
        corr_curvature_entropy_metric: correlation(present.map((e) => coarse[e]), metricOf),
        entropy_metric_spread: Math.max(...metricOf) / Math.min(...metricOf),
        mean_abs_grad_light: mean(light, (e) => Math.abs(g0[e])),
        mean_abs_grad_heavy: mean(heavy, (e) => Math.abs(g0[e])),
        mean_abs_grad_absent: mean(absent, (e) => Math.abs(g0[e])),
        mean_curvature_light: mean(light, (e) => coarse[e]),
        mean_curvature_heavy: mean(heavy, (e) => coarse[e]),
        mean_curvature_absent: mean(absent, (e) => coarse[e]),
        fd_sign_agreement: coarse.filter((x, e) => Math.sign(x) === Math.sign(fine[e])).length / coarse.length,
        fd_disagreement: median([...w.keys()].map((e) => Math.abs(coarse[e] - fine[e]) / (Math.abs(coarse[e]) + Math.abs(fine[e]) || 1))),
      };
      lines.push(line);
      printFigure(BENCH, {
        figure: 'edge_weight_curvature',
        data: dataset.name,
        split: split.name,
        pretrain_epochs: pretrain,
        h,
        epsilon,
        edges: w.length,
        present: present.length,
        mean_weight_light: round(mean(light, (e) => w[e]), 4),
        mean_weight_heavy: round(mean(heavy, (e) => w[e]), 4),
        ...Object.fromEntries(Object.entries(line).map(([key, v]) => [key, round(v, 4)])),
      });
    }
    printFigure(BENCH, {
      figure: 'edge_weight_curvature_mean',
      data: dataset.name,
      splits: lines.length,
      ...Object.fromEntries(Object.keys(lines[0]).map((key) => [key, round(lines.reduce((s, l) => s + l[key], 0) / lines.length, 4)])),
    });
  } finally {
    task.dispose();
  }
  return 0;
}
