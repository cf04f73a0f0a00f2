import * as tf from '@tensorflow/tfjs';
import { weightedGraph } from '@gsn/graph';
import { matMulFeatures } from '@gsn/nn';
import { zeroPotential, type StationaryOpCache } from '@gsn/stationary';
import { createRng, InvalidArgumentError, useBackend } from '@gsn/tensor';
import { initialEdgeWeights, layeredNetwork, layerSolveConfig, validateLayeredOptions, type LayeredNetworkOptions } from './layered-network';
import { sheafNetwork } from './sheaf-network';
import { STATIONARY_NETWORK_DEFAULTS, stationaryNetwork } from './stationary-network';
import { ringTask } from './testing';

beforeAll(() => useBackend('cpu'));

const n = 40;
const ring = weightedGraph({ nodes: n, src: Array.from({ length: n }, (_, i) => i), dst: Array.from({ length: n }, (_, i) => (i + 1) % n) });
const options: LayeredNetworkOptions = { ...STATIONARY_NETWORK_DEFAULTS, layers: 2, channels: 2 };

/** A skeleton whose layer l adds l + 1 to its source and records the cache it was handed. */
function shiftingNetwork(o: LayeredNetworkOptions, caches: StationaryOpCache[], stack = false) {
  return layeredNetwork(ring, {
    name: 'shift',
    label: 'shiftNetwork',
    options: o,
    config: layerSolveConfig(ring, o),
    initLayer: (l) => ({ [`layer${l}.extra`]: tf.zeros([1]) }),
    layer: (source, l, params, cache) => {
      caches.push(cache);
      return tf.add(source, tf.add(params[`layer${l}.extra`], l + 1)) as tf.Tensor2D;
    },
    ...(stack ? { stack: (source: tf.Tensor2D) => tf.neg(source) as tf.Tensor2D } : {}),
    undecayed: ['.extra'],
  });
}

describe('layeredNetwork', () => {
  it('chains input, layers with mixes and the skip readout, with the layer parameters it is given', () => {
    const { task } = ringTask();
    const caches: StationaryOpCache[] = [];
    const model = shiftingNetwork(options, caches);
    const params = model.init(createRng(1), task.dims);
    expect(Object.keys(params).sort()).toEqual([
      'input.bias', 'input.weight', 'layer0.edgeWeights', 'layer0.extra', 'layer0.kappaRaw', 'layer1.edgeWeights', 'layer1.extra',
      'layer1.kappaRaw', 'mix1.bias', 'mix1.weight', 'readout.bias', 'readout.weight',
    ]);
    expect(params['readout.weight'].shape).toEqual([8, 3]);
    const logits = model.apply(params, task.inputs, { training: false, rng: createRng(2) });
    // The same function written out: s₀ = X W + b, ψ₀ = s₀ + 1, ψ₁ = mix(ψ₀) + 2, [relu(s₀), ψ₁] W_out + b_out.
    const s0 = tf.add(matMulFeatures(task.inputs.features, params['input.weight'] as tf.Tensor2D), params['input.bias']);
    const psi1 = tf.add(tf.add(tf.matMul(tf.add(s0, 1) as tf.Tensor2D, params['mix1.weight'] as tf.Tensor2D), params['mix1.bias']), 2);
    const expected = tf.add(tf.matMul(tf.concat([tf.relu(s0), psi1], 1) as tf.Tensor2D, params['readout.weight'] as tf.Tensor2D), params['readout.bias']);
    expect(tf.max(tf.abs(tf.sub(logits, expected))).dataSync()[0]).toBeLessThan(1e-5);
    expect(caches).toHaveLength(2);
    expect(caches[0]).not.toBe(caches[1]);
    expect(model.decays!('layer0.extra')).toBe(false);
    expect(model.decays!('layer0.kappaRaw')).toBe(false);
    expect(model.decays!('mix1.weight')).toBe(true);
    expect(model.nonNegative!('layer1.edgeWeights')).toBe(true);
    // The prior against the loss summed over labelled nodes per node: the protocol's decay at r = ½.
    expect([0.5, 0.25, 0.05].map((r) => model.decayScale!(r))).toEqual([1, 2, 10]);
  });

  it('hands evaluation passes the kept caches and training passes scratch copies of them', () => {
    const { task } = ringTask();
    const caches: StationaryOpCache[] = [];
    const model = shiftingNetwork({ ...options, layers: 1 }, caches);
    const params = model.init(createRng(1), task.dims);
    model.apply(params, task.inputs, { training: false, rng: createRng(2) });
    model.apply(params, task.inputs, { training: false, rng: createRng(2) });
    model.apply(params, task.inputs, { training: true, rng: createRng(2) });
    expect(caches[1]).toBe(caches[0]);
    expect(caches[2]).not.toBe(caches[0]);
  });

  it('replaces the layer chain by `stack` when given, and reads out ψ alone without the skip', () => {
    const { task } = ringTask();
    const caches: StationaryOpCache[] = [];
    const model = shiftingNetwork({ ...options, skip: false }, caches, true);
    const params = model.init(createRng(1), task.dims);
    expect(params['readout.weight'].shape).toEqual([4, 3]);
    const logits = model.apply(params, task.inputs, { training: false, rng: createRng(2) });
    const s0 = tf.add(matMulFeatures(task.inputs.features, params['input.weight'] as tf.Tensor2D), params['input.bias']);
    const expected = tf.add(tf.matMul(tf.neg(s0) as tf.Tensor2D, params['readout.weight'] as tf.Tensor2D), params['readout.bias']);
    expect(tf.max(tf.abs(tf.sub(logits, expected))).dataSync()[0]).toBeLessThan(1e-5);
    expect(caches).toHaveLength(0);
  });

  it('at the identity connection the sheaf network computes the stationary network (same skeleton, same parameters)', () => {
    const { task } = ringTask();
    const shared = { layers: 2, channels: 4, kappa: 0.5, kappaMin: 0.1, potential: zeroPotential(), tol: 1e-7 };
    const sheaf = sheafNetwork(ring, { ...shared, maps: 'predicted' });
    const plain = stationaryNetwork(ring, shared);
    const sheafParams = sheaf.init(createRng(4), task.dims);
    const plainParams = plain.init(createRng(4), task.dims);
    for (const name of Object.keys(plainParams)) expect(Array.from(sheafParams[name].dataSync())).toEqual(Array.from(plainParams[name].dataSync()));
    const ctx = { training: false, rng: createRng(2) };
    const gap = tf.max(tf.abs(tf.sub(sheaf.apply(sheafParams, task.inputs, ctx), plain.apply(plainParams, task.inputs, ctx)))).dataSync()[0];
    expect(gap).toBeLessThan(1e-4);
  });

  it('initialises edge weights at 1/√(d_i d_j) (self-loops 0) or 1', () => {
    const star = weightedGraph({ nodes: 5, src: [0, 0, 0, 4], dst: [1, 2, 3, 4] });
    expect(Array.from(initialEdgeWeights(star, 'symmetric'))).toEqual([...new Array(3).fill(Math.fround(1 / Math.sqrt(3))), 0]);
    expect(Array.from(initialEdgeWeights(star, 'unit'))).toEqual([1, 1, 1, 1]);
  });

  it('rejects bad shared options by name', () => {
    expect(() => validateLayeredOptions('xNetwork', { ...options, layers: 0 })).toThrow(/xNetwork: layers/);
    expect(() => validateLayeredOptions('xNetwork', { ...options, dropout: 1 })).toThrow(/dropout/);
    expect(() => validateLayeredOptions('xNetwork', { ...options, kappa: 0.05 })).toThrow(/kappa/);
    expect(() => validateLayeredOptions('xNetwork', { ...options, tol: 0 })).toThrow(/tol/);
    expect(() => validateLayeredOptions('xNetwork', { ...options, edgeInit: 'ones' as never })).toThrow(/edgeInit/);
    expect(() => validateLayeredOptions('xNetwork', { ...options, potential: { ...options.potential, convex: false } })).toThrow(InvalidArgumentError);
  });
});
