import * as tf from '@tensorflow/tfjs';
import { weightedGraph } from '@gsn/graph';
import { createRng, InvalidArgumentError, useBackend } from '@gsn/tensor';
import { normalizedWeights, orthogonalConnectionSpec, sheafNetwork } from './sheaf-network';
import { ringTask } from './testing';
import { trainSplit } from './train-split';

beforeAll(() => useBackend('cpu'));

const n = 40;
const ring = weightedGraph({ nodes: n, src: Array.from({ length: n }, (_, i) => i), dst: Array.from({ length: n }, (_, i) => (i + 1) % n) });

function gradientsOf(model: ReturnType<typeof sheafNetwork>) {
  const { task } = ringTask();
  const params = model.init(createRng(1), task.dims);
  const names = Object.keys(params).sort();
  const grads = tf.grads((...ts: tf.Tensor[]) => {
    const logits = model.apply(Object.fromEntries(names.map((k, i) => [k, ts[i]])), task.inputs, { training: true, rng: createRng(3) });
    return tf.sum(tf.square(logits));
  })(names.map((k) => params[k]));
  return names.map((name, i) => ({ name, g: Array.from(grads[i].dataSync()) }));
}

describe('sheafNetwork', () => {
  it('has predicted O(2) maps, normalised edge weights and κ as parameters, and maps features to logits', () => {
    const { task } = ringTask();
    const model = sheafNetwork(ring, { layers: 2, channels: 4 });
    const params = model.init(createRng(1), task.dims);
    expect(Object.keys(params).sort()).toEqual([
      'input.bias', 'input.weight', 'layer0.edgeWeights', 'layer0.kappaRaw', 'layer1.edgeWeights', 'layer1.kappaRaw',
      'maps0.bias', 'maps0.weight', 'maps1.bias', 'maps1.weight', 'mix1.bias', 'mix1.weight', 'readout.bias', 'readout.weight',
    ]);
    // a ring: every degree is 2, so w = 1/√(2·2)
    expect(Array.from(params['layer0.edgeWeights'].dataSync())).toEqual(new Array(n).fill(0.5));
    expect(params['maps0.weight'].shape).toEqual([16, 1]);
    expect(params['readout.weight'].shape).toEqual([16, 3]);
    const logits = model.apply(params, task.inputs, { training: false, rng: createRng(2) });
    expect(logits.shape).toEqual([n, 3]);
    expect(model.stats!().solverIterations).toBeGreaterThan(0);
    expect(model.decays!('layer0.edgeWeights')).toBe(false);
    expect(model.decays!('maps0.weight')).toBe(true);
    expect(model.nonNegative!('layer0.edgeWeights')).toBe(true);
  });

  it('passes finite, nonzero gradients to every parameter, the map predictor included', () => {
    for (const { name, g } of gradientsOf(sheafNetwork(ring, { layers: 2, channels: 4 }))) {
      expect(g.every(Number.isFinite)).toBe(true);
      if (!name.endsWith('.bias')) expect(g.some((v) => v !== 0)).toBe(true);
    }
  });

  it('free per-edge O(3) maps (Cayley) start at the identity, are not decayed and get gradients', () => {
    const { task } = ringTask();
    const model = sheafNetwork(ring, { maps: 'free', stalk: 3, channels: 3 });
    const params = model.init(createRng(1), task.dims);
    expect(params['layer0.connection'].shape).toEqual([n, 3]);
    expect(Array.from(params['layer0.connection'].dataSync()).every((v) => v === 0)).toBe(true);
    expect(model.decays!('layer0.connection')).toBe(false);
    const free = gradientsOf(model).find((x) => x.name === 'layer0.connection')!;
    expect(free.g.some((v) => v !== 0)).toBe(true);
  });

  it('trains on the ring task without leaking tensors and reports solver iterations per epoch', () => {
    const { task, split } = ringTask();
    const counts: number[] = [];
    const r = trainSplit(sheafNetwork(ring, { channels: 2 }), task, split, 0, { epochs: 4 }, {
      onEpoch: () => counts.push(tf.memory().numTensors),
    });
    expect(new Set(counts).size).toBe(1);
    expect(r.solverIterations).toHaveLength(4);
  });

  it('normalises weights symmetrically and picks the angle chart for d = 2, Cayley otherwise', () => {
    const star = weightedGraph({ nodes: 4, src: [0, 0, 0], dst: [1, 2, 3] });
    expect(Array.from(normalizedWeights(star).weights)).toEqual(new Array(3).fill(Math.fround(1 / Math.sqrt(3))));
    expect(orthogonalConnectionSpec(2).method).toBe('angle');
    expect(orthogonalConnectionSpec(3).method).toBe('cayley');
  });

  it('rejects a graph whose node count differs from the task, and bad options by name', () => {
    const { task } = ringTask();
    const small = weightedGraph({ nodes: 3, src: [0, 1], dst: [1, 2] });
    expect(() => sheafNetwork(small).init(createRng(1), task.dims)).toThrow(InvalidArgumentError);
    expect(() => sheafNetwork(ring, { channels: 5, stalk: 2 })).toThrow(/channels/);
    expect(() => sheafNetwork(ring, { stalk: 1, channels: 4 })).toThrow(/stalk/);
    expect(() => sheafNetwork(ring, { maps: 'fixed' as 'free' })).toThrow(/maps/);
  });
});
