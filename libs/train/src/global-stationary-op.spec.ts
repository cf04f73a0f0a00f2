import * as tf from '@tensorflow/tfjs';
import { weightedGraph } from '@gsn/graph';
import { anderson, forwardBackward, type AndersonOptions, type ForwardBackwardOptions } from '@gsn/solvers';
import { createStationaryOpCache, reluPotential, stationaryLayerOp, type StationaryLayerConfig } from '@gsn/stationary';
import { createRng, InvalidArgumentError, useBackend } from '@gsn/tensor';
import { globalStationaryOp, type GlobalStationaryConfig } from './global-stationary-op';
import { stationaryNetwork } from './stationary-network';
import { ringTask } from './testing';
import { trainSplit } from './train-split';

beforeAll(() => useBackend('cpu'));

const ring = weightedGraph({ nodes: 40, src: Array.from({ length: 40 }, (_, i) => i), dst: Array.from({ length: 40 }, (_, i) => (i + 1) % 40) });
const n = 12;
const c = 2;
const w = 2 * c;
const L = 2;
// A ring with two chords.
const graph = weightedGraph({
  nodes: n,
  src: [...Array.from({ length: n }, (_, i) => i), 0, 3],
  dst: [...Array.from({ length: n }, (_, i) => (i + 1) % n), 6, 9],
});
const forward: Partial<ForwardBackwardOptions> = { tol: 1e-7, maxIter: 5000, acceleration: 'anderson' };
const adjoint: Partial<AndersonOptions> = { tol: 1e-7, maxIter: 5000 };
const layerConfig: StationaryLayerConfig<Partial<ForwardBackwardOptions>, Partial<AndersonOptions>> = {
  graph,
  channels: c,
  kappaMin: 0.1,
  potential: reluPotential(),
  forward: { solver: forwardBackward, options: forward },
  adjoint: { form: 'prox', solver: anderson, solverOptions: adjoint },
};
const globalConfig = (penalty: number): GlobalStationaryConfig => ({ ...layerConfig, penalty, forward, adjoint });

function inputs(seed: number): tf.Tensor[] {
  const rng = createRng(seed);
  const draw = (shape: number[], scale: number, shift = 0) =>
    tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => shift + scale * (2 * rng.next() - 1)), shape, 'float32');
  // source, edge weights ×L, κ raw ×L, W_2, b_2, and a readout g of the last layer.
  return [draw([n, w], 1), draw([graph.src.length], 0.3, 1), draw([graph.src.length], 0.3, 1), tf.scalar(0.2), tf.scalar(-0.3), draw([w, w], 0.6), draw([w], 0.5), draw([n, w], 1)];
}

function layerwiseLoss(s: tf.Tensor, w0: tf.Tensor, w1: tf.Tensor, k0: tf.Tensor, k1: tf.Tensor, W: tf.Tensor, b: tf.Tensor, g: tf.Tensor): tf.Scalar {
  const psi1 = stationaryLayerOp(s as tf.Tensor2D, { weights: w0 as tf.Tensor1D, kappaRaw: k0 as tf.Scalar }, layerConfig);
  const s2 = tf.add(tf.matMul(psi1, W as tf.Tensor2D), b) as tf.Tensor2D;
  const psi2 = stationaryLayerOp(s2, { weights: w1 as tf.Tensor1D, kappaRaw: k1 as tf.Scalar }, layerConfig);
  return tf.sum(tf.mul(psi2, g));
}

function globalLoss(penalty: number) {
  return (s: tf.Tensor, w0: tf.Tensor, w1: tf.Tensor, k0: tf.Tensor, k1: tf.Tensor, W: tf.Tensor, b: tf.Tensor, g: tf.Tensor): tf.Scalar => {
    const all = globalStationaryOp(
      s as tf.Tensor2D,
      { weights: [w0, w1] as tf.Tensor1D[], kappaRaw: [k0, k1] as tf.Scalar[], mixWeights: [W as tf.Tensor2D], mixBiases: [b as tf.Tensor1D] },
      globalConfig(penalty),
    );
    return tf.sum(tf.mul(tf.slice(all, [(L - 1) * n, 0], [n, w]), g));
  };
}

const maxRel = (a: tf.Tensor, b: tf.Tensor): number => {
  const x = a.dataSync();
  const y = b.dataSync();
  let scale = 1;
  for (const v of y) scale = Math.max(scale, Math.abs(v));
  let err = 0;
  for (let i = 0; i < x.length; i++) err = Math.max(err, Math.abs(x[i] - y[i]));
  return err / scale;
};

describe('globalStationaryOp (the stack of stationary layers as one global system)', () => {
  it('exact global solve = layerwise chain in float32: loss and every gradient (s_1, w, κ, W, b) to 1e-4', () => {
    const xs = inputs(1);
    const args = xs.slice(0, 7);
    const g = xs[7];
    const ref = tf.valueAndGrads((...t: tf.Tensor[]) => layerwiseLoss(...(t as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor]), g))(args);
    const glob = tf.valueAndGrads((...t: tf.Tensor[]) => globalLoss(Infinity)(...(t as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor]), g))(args);
    expect(maxRel(glob.value, ref.value)).toBeLessThan(1e-4);
    ref.grads.forEach((r, i) => {
      expect(r.shape).toEqual(glob.grads[i].shape);
      expect(maxRel(glob.grads[i], r)).toBeLessThan(1e-4);
      expect(r.dataSync().some((v) => v !== 0)).toBe(true);
    });
  });

  it('penalised solve: the gap to the exact loss shrinks like 1/μ; warm start from the cache', () => {
    const xs = inputs(2);
    const exact = globalLoss(Infinity)(...(xs as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor])).dataSync()[0];
    const gaps = [10, 100, 1000].map((mu) => Math.abs(globalLoss(mu)(...(xs as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor])).dataSync()[0] - exact));
    expect(gaps[0]).toBeGreaterThan(1e-3);
    expect(gaps[1] / gaps[0]).toBeGreaterThan(0.05);
    expect(gaps[1] / gaps[0]).toBeLessThan(0.2);
    expect(gaps[2] / gaps[1]).toBeLessThan(0.2);
    const cache = createStationaryOpCache();
    const params = { weights: [xs[1], xs[2]] as tf.Tensor1D[], kappaRaw: [xs[3], xs[4]] as tf.Scalar[], mixWeights: [xs[5] as tf.Tensor2D], mixBiases: [xs[6] as tf.Tensor1D] };
    globalStationaryOp(xs[0] as tf.Tensor2D, params, globalConfig(Infinity), cache);
    const cold = cache.stats!.forwardIterations;
    globalStationaryOp(xs[0] as tf.Tensor2D, params, globalConfig(Infinity), cache);
    expect(cache.stats!.forwardIterations).toBeLessThan(cold);
  });

  it('stationaryNetwork with solve global trains without leaking tensors; bad solve modes are rejected by name', () => {
    const { task, split } = ringTask();
    const counts: number[] = [];
    const r = trainSplit(stationaryNetwork(ring, { layers: 2, channels: 2, solve: 'global' }), task, split, 0, { epochs: 3 }, {
      onEpoch: () => counts.push(tf.memory().numTensors),
    });
    expect(new Set(counts).size).toBe(1);
    expect(r.solverIterations).toHaveLength(3);
    expect(() => stationaryNetwork(graph, { solve: 'nope' as never })).toThrow(InvalidArgumentError);
    expect(() => stationaryNetwork(graph, { solve: 'penalized', penalty: 0 })).toThrow(/penalty/);
  });
});
