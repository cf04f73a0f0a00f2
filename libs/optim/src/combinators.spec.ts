import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from '@gsn/tensor';
import { scaleByAdam } from './adam';
import { clipByGlobalNorm } from './clipping';
import { scaleByLearningRate } from './learning-rate';
import { partition } from './partition';
import { chain, applyUpdates } from './transform';
import type { GradientTransformation, Params } from './transform';
import { addDecayedWeights } from './weight-decay';
import { keepParamsNonNegative } from './non-negative';

beforeAll(async () => {
  tf.enableProdMode();
  await tf.setBackend('cpu');
});

const values = (p: Params, k: string): number[] => Array.from(p[k].dataSync());

/** Adds 1 to every update and counts its calls in its state, to observe order and state threading. */
const addOne: GradientTransformation<number> = {
  init: () => 0,
  update: (grads, calls) => ({
    updates: Object.fromEntries(Object.entries(grads).map(([k, g]) => [k, tf.add(g, 1)])),
    state: calls + 1,
  }),
};

describe('chain', () => {
  it('threads updates left to right and keeps one sub-state per transform', () => {
    const t = chain(addOne, scaleByLearningRate(2));
    const params = { w: tf.tensor1d([0, 0]) };
    const s0 = t.init(params);
    expect(s0).toEqual([0, 0]);
    const r = t.update({ w: tf.tensor1d([1, 3]) }, s0, params);
    expect(values(r.updates, 'w')).toEqual([-4, -8]); // -(g + 1) * 2, not -(2 g) + 1
    expect(r.state).toEqual([1, 1]);
  });
});

describe('partition', () => {
  it('sends each group to its own transform and state', () => {
    const t = partition({ graph: addOne, net: scaleByLearningRate(0.5) }, (n) => (n.startsWith('edge') ? 'graph' : 'net'));
    const params = { edgeWeights: tf.tensor1d([1]), w: tf.tensor1d([1]) };
    const s0 = t.init(params);
    expect(s0).toEqual({ graph: 0, net: 0 });
    const r = t.update({ edgeWeights: tf.tensor1d([2]), w: tf.tensor1d([2]) }, s0, params);
    expect(values(r.updates, 'edgeWeights')).toEqual([3]);
    expect(values(r.updates, 'w')).toEqual([-1]);
    expect(r.state).toEqual({ graph: 1, net: 1 });
  });

  it('gives each group an Adam state holding only its own parameters', () => {
    const t = partition({ a: scaleByAdam(), b: scaleByAdam() }, (n) => n);
    const s = t.init({ a: tf.zeros([2]), b: tf.zeros([3]) }) as Record<string, { mu: Params }>;
    expect(Object.keys(s.a.mu)).toEqual(['a']);
    expect(s.b.mu.b.shape).toEqual([3]);
  });

  it('rejects a parameter whose group has no transform, naming it', () => {
    const t = partition({ net: addOne }, () => 'graph');
    expect(() => t.init({ w: tf.zeros([1]) })).toThrow(InvalidArgumentError);
    expect(() => t.init({ w: tf.zeros([1]) })).toThrow(/'w'/);
  });
});

describe('addDecayedWeights', () => {
  it('adds wd * param only to the parameters selected by the mask', () => {
    const t = addDecayedWeights(0.1, (n) => n === 'w1');
    const params = { w1: tf.tensor1d([10, -20]), w2: tf.tensor1d([10]) };
    const r = t.update({ w1: tf.tensor1d([1, 1]), w2: tf.tensor1d([1]) }, t.init(params), params);
    expect(values(r.updates, 'w1')).toEqual([2, -1]);
    expect(values(r.updates, 'w2')).toEqual([1]);
  });

  it('decays every parameter without a mask', () => {
    const t = addDecayedWeights(0.5);
    const params = { w: tf.tensor1d([4]) };
    expect(values(t.update({ w: tf.tensor1d([0]) }, 0, params).updates, 'w')).toEqual([2]);
  });

  it('rejects a negative decay', () => {
    expect(() => addDecayedWeights(-1)).toThrow(InvalidArgumentError);
  });
});

describe('clipByGlobalNorm', () => {
  it('rescales all gradients together to the max norm, and leaves small ones alone', () => {
    const t = clipByGlobalNorm(1);
    const big = t.update({ a: tf.tensor1d([3]), b: tf.tensor1d([4]) }, 0, {});
    expect(values(big.updates, 'a')[0]).toBeCloseTo(0.6, 6);
    expect(values(big.updates, 'b')[0]).toBeCloseTo(0.8, 6);
    const small = t.update({ a: tf.tensor1d([0.3]), b: tf.tensor1d([0.4]) }, 0, {});
    expect(values(small.updates, 'a')[0]).toBeCloseTo(0.3, 6);
  });
});

describe('applyUpdates', () => {
  it('adds updates to params and rejects mismatched keys', () => {
    const p = { w: tf.tensor1d([1, 2]) };
    expect(values(applyUpdates(p, { w: tf.tensor1d([0.5, -1]) }), 'w')).toEqual([1.5, 1]);
    expect(() => applyUpdates(p, { v: tf.tensor1d([0]) })).toThrow(InvalidArgumentError);
  });
});

describe('keepParamsNonNegative', () => {
  it('stops the selected parameters at zero and leaves the others free', () => {
    const t = keepParamsNonNegative((n) => n === 'w');
    const params = { w: tf.tensor1d([1, 0.5, 2]), b: tf.tensor1d([1]) };
    const r = t.update({ w: tf.tensor1d([-2, 0.1, -1]), b: tf.tensor1d([-5]) }, t.init(params), params);
    expect(values(applyUpdates(params, r.updates), 'w')).toEqual([0, expect.closeTo(0.6, 6), 1]);
    expect(values(r.updates, 'b')).toEqual([-5]);
  });
});
