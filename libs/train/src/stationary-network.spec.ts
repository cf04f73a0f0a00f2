import * as tf from '@tensorflow/tfjs';
import { weightedGraph } from '@gsn/graph';
import { createRng, InvalidArgumentError, useBackend } from '@gsn/tensor';
import { stationaryNetwork } from './stationary-network';
import { ringTask } from './testing';
import { trainSplit } from './train-split';

beforeAll(() => useBackend('cpu'));

const n = 40;
const ring = weightedGraph({ nodes: n, src: Array.from({ length: n }, (_, i) => i), dst: Array.from({ length: n }, (_, i) => (i + 1) % n) });

describe('stationaryNetwork', () => {
  it('maps features to logits and has edge weights (init 1/√(d_i d_j)) and κ as parameters', () => {
    const { task } = ringTask();
    const model = stationaryNetwork(ring, { layers: 2, channels: 3 });
    const params = model.init(createRng(1), task.dims);
    expect(Object.keys(params).sort()).toEqual([
      'input.bias', 'input.weight', 'layer0.edgeWeights', 'layer0.kappaRaw', 'layer1.edgeWeights', 'layer1.kappaRaw',
      'mix1.bias', 'mix1.weight', 'readout.bias', 'readout.weight',
    ]);
    // Every ring node has degree 2: the symmetric-normalized weight is 1/√(2·2).
    expect(Array.from(params['layer0.edgeWeights'].dataSync())).toEqual(new Array(n).fill(0.5));
    // The readout sees [relu(s₀), ψ] (2 × 2c rows), or ψ alone without the skip.
    expect(params['readout.weight'].shape).toEqual([12, 3]);
    const noSkip = stationaryNetwork(ring, { layers: 2, channels: 3, skip: false }).init(createRng(1), task.dims);
    expect(noSkip['readout.weight'].shape).toEqual([6, 3]);
    const unit = stationaryNetwork(ring, { edgeInit: 'unit' }).init(createRng(1), task.dims);
    expect(Array.from(unit['layer0.edgeWeights'].dataSync())).toEqual(new Array(n).fill(1));
    const logits = model.apply(params, task.inputs, { training: false, rng: createRng(2) });
    expect(logits.shape).toEqual([n, 3]);
    expect(model.stats!().solverIterations).toBeGreaterThan(0);
    expect(model.decays!('layer0.edgeWeights')).toBe(false);
    expect(model.decays!('input.weight')).toBe(true);
    expect(model.nonNegative!('layer0.edgeWeights')).toBe(true);
    expect(model.nonNegative!('input.weight')).toBe(false);
  });

  it('passes finite, nonzero gradients to every parameter, edge weights and κ included', () => {
    const { task } = ringTask();
    const model = stationaryNetwork(ring, { layers: 2, channels: 3 });
    const params = model.init(createRng(1), task.dims);
    const names = Object.keys(params).sort();
    const grads = tf.grads((...ts: tf.Tensor[]) => {
      const logits = model.apply(Object.fromEntries(names.map((k, i) => [k, ts[i]])), task.inputs, { training: true, rng: createRng(3) });
      return tf.sum(tf.square(logits));
    })(names.map((k) => params[k]));
    names.forEach((name, i) => {
      const g = Array.from(grads[i].dataSync());
      expect(g.every(Number.isFinite)).toBe(true);
      if (!name.endsWith('.bias')) expect(g.some((v) => v !== 0)).toBe(true);
    });
    expect(model.stats!().adjointIterations).toBeGreaterThan(0);
  });

  it('trains on the ring task without leaking tensors and reports solver iterations per epoch', () => {
    const { task, split } = ringTask();
    const counts: number[] = [];
    const r = trainSplit(stationaryNetwork(ring, { channels: 2 }), task, split, 0, { epochs: 4 }, {
      onEpoch: () => counts.push(tf.memory().numTensors),
    });
    expect(new Set(counts).size).toBe(1);
    expect(r.solverIterations).toHaveLength(4);
  });

  it('rejects a graph whose node count differs from the task, and bad options by name', () => {
    const { task } = ringTask();
    const small = weightedGraph({ nodes: 3, src: [0, 1], dst: [1, 2] });
    expect(() => stationaryNetwork(small).init(createRng(1), task.dims)).toThrow(InvalidArgumentError);
    expect(() => stationaryNetwork(ring, { channels: 0 })).toThrow(/channels/);
    expect(() => stationaryNetwork(ring, { edgeInit: 'ones' as never })).toThrow(/edgeInit/);
  });
});
