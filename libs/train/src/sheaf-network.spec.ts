import * as tf from '@tensorflow/tfjs';
import { weightedGraph } from '@gsn/graph';
import { matMulFeatures } from '@gsn/nn';
import { anglesFromPosteriors } from '@gsn/sheaf';
import { zeroPotential } from '@gsn/stationary';
import { createRng, InvalidArgumentError, useBackend } from '@gsn/tensor';
import { normalizedWeights, orthogonalConnectionSpec, SHEAF_NETWORK_DEFAULTS, sheafNetwork } from './sheaf-network';
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
  it('adds a map predictor per layer (decayed) to the skeleton parameters', () => {
    const { task } = ringTask();
    const params = sheafNetwork(ring, { maps: 'predicted', layers: 2, channels: 4 }).init(createRng(1), task.dims);
    const mapParams = Object.keys(params).filter((k) => k.startsWith('maps')).sort();
    expect(mapParams).toEqual(['maps0.bias', 'maps0.weight', 'maps1.bias', 'maps1.weight']);
    // [s_i ‖ s_j] (2 × 2c = 16 columns) → one O(2) angle
    expect(params['maps0.weight'].shape).toEqual([16, 1]);
    expect(sheafNetwork(ring).decays!('maps0.weight')).toBe(true);
  });

  it('passes finite, nonzero gradients to every parameter, the map predictor included', () => {
    for (const { name, g } of gradientsOf(sheafNetwork(ring, { maps: 'predicted', layers: 2, channels: 4 }))) {
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

  it('starts every map at initialAngle θ₀ through its rate ε: free ε·φ_e = θ₀, predicted π·tanh(ε·b) = θ₀ with W = 0', () => {
    const { task } = ringTask();
    const free = sheafNetwork(ring, { maps: 'free', initialAngle: 1.25, mapRate: 0.5 }).init(createRng(1), task.dims);
    expect(Array.from(free['layer0.connection'].dataSync())).toEqual(new Array(n).fill(2.5));
    const rate = SHEAF_NETWORK_DEFAULTS.mapRate;
    const predicted = sheafNetwork(ring, { maps: 'predicted', initialAngle: Math.PI / 2 }).init(createRng(1), task.dims);
    expect(Math.PI * Math.tanh(rate * predicted['maps0.bias'].dataSync()[0])).toBeCloseTo(Math.PI / 2, 5);
    expect(Array.from(predicted['maps0.weight'].dataSync()).every((v) => v === 0)).toBe(true);
  });

  it('moves the angles ε times slower: the op sees ε·φ, so dℓ/dφ = ε·dℓ/dθ', () => {
    const grad = (mapRate: number) =>
      gradientsOf(sheafNetwork(ring, { maps: 'free', channels: 4, mapRate, initialAngle: 0.3 })).find((x) => x.name === 'layer0.connection')!.g;
    const [slow, full] = [grad(0.1), grad(1)];
    expect(Math.max(...full.map(Math.abs))).toBeGreaterThan(0);
    full.forEach((g, e) => expect(slow[e]).toBeCloseTo(0.1 * g, 5));
  });

  it('trains without leaking tensors, and the predicted maps leave their initial angle', () => {
    const { task, split } = ringTask();
    const counts: number[] = [];
    const biases: number[] = [];
    const r = trainSplit(sheafNetwork(ring, { maps: 'predicted', channels: 2, initialAngle: Math.PI / 2, mapRate: 1 }), task, split, 0, { epochs: 4 }, {
      onEpoch: () => counts.push(tf.memory().numTensors),
      resumable: {
        start: (fresh) => fresh,
        afterEpoch: (state) => biases.push(state.params['maps0.bias'].dataSync()[0]) > 0,
      },
    });
    expect(new Set(counts).size).toBe(1);
    expect(r.solverIterations).toHaveLength(4);
    // θ = π·tanh(b) at W = 0: b starts at atanh(1/2), and Adam moves it by ~lr per epoch.
    expect(biases).toHaveLength(4);
    expect(Math.abs(biases[3] - Math.atanh(0.5))).toBeGreaterThan(1e-3);
  });

  it('a hidden-layer map learner (mapHidden H) adds maps<l>.hidden.* and starts at θ₀ with its output layer at 0', () => {
    const { task } = ringTask();
    const model = sheafNetwork(ring, { maps: 'predicted', channels: 4, mapHidden: 5, initialAngle: 0.4 });
    const params = model.init(createRng(1), task.dims);
    expect(params['maps0.hidden.weight'].shape).toEqual([16, 5]);
    expect(params['maps0.weight'].shape).toEqual([5, 1]);
    expect(Array.from(params['maps0.weight'].dataSync()).every((v) => v === 0)).toBe(true);
    expect(Math.PI * Math.tanh(SHEAF_NETWORK_DEFAULTS.mapRate * params['maps0.bias'].dataSync()[0])).toBeCloseTo(0.4, 5);
    const grads = gradientsOf(sheafNetwork(ring, { maps: 'predicted', channels: 4, mapHidden: 5, initialAngle: 0.4 }));
    // W₂ = 0 passes no gradient to the hidden layer at the start; the output layer gets one
    expect(grads.find((x) => x.name === 'maps0.weight')!.g.some((v) => v !== 0)).toBe(true);
    expect(grads.find((x) => x.name === 'maps0.hidden.weight')!.g.every((v) => v === 0)).toBe(true);
    for (const { g } of grads) expect(g.every(Number.isFinite)).toBe(true);
  });

  it("the default (posterior) maps are the angles (π/2)‖p_i − p_j‖² of the readout's own-features block, and add no parameters", () => {
    const { task } = ringTask();
    const shared = { channels: 4, potential: zeroPotential(), tol: 1e-7 };
    const posterior = sheafNetwork(ring, shared);
    const params = posterior.init(createRng(4), task.dims);
    expect(Object.keys(params).some((k) => k.startsWith('maps'))).toBe(false);
    // the same network with free maps (ε = 1) set by hand to those angles
    const s0 = tf.add(matMulFeatures(task.inputs.features, params['input.weight'] as tf.Tensor2D), params['input.bias']) as tf.Tensor2D;
    const own = tf.slice(params['readout.weight'], [0, 0], [8, 3]) as tf.Tensor2D;
    const angles = anglesFromPosteriors(tf.add(tf.matMul(tf.relu(s0), own), params['readout.bias']) as tf.Tensor2D, ring);
    expect(tf.max(angles).dataSync()[0]).toBeGreaterThan(1e-3);
    const free = sheafNetwork(ring, { ...shared, maps: 'free', mapRate: 1 });
    const ctx = { training: false, rng: createRng(2) };
    const gap = tf.max(tf.abs(tf.sub(posterior.apply(params, task.inputs, ctx), free.apply({ ...params, 'layer0.connection': angles }, task.inputs, ctx))));
    expect(gap.dataSync()[0]).toBeLessThan(1e-4);
    // and the maps pass the loss's gradient on to the readout and the input map
    const grads = gradientsOf(sheafNetwork(ring, { channels: 4 }));
    for (const name of ['readout.weight', 'input.weight']) expect(grads.find((x) => x.name === name)!.g.some((v) => v !== 0)).toBe(true);
  });

  it('normalises weights symmetrically and picks the angle chart for d = 2, Cayley otherwise', () => {
    const star = weightedGraph({ nodes: 4, src: [0, 0, 0], dst: [1, 2, 3] });
    expect(Array.from(normalizedWeights(star).weights)).toEqual(new Array(3).fill(Math.fround(1 / Math.sqrt(3))));
    expect(orthogonalConnectionSpec(2).method).toBe('angle');
    expect(orthogonalConnectionSpec(3).method).toBe('cayley');
  });

  it('rejects bad sheaf options by name', () => {
    expect(() => sheafNetwork(ring, { channels: 5, stalk: 2 })).toThrow(/channels/);
    expect(() => sheafNetwork(ring, { stalk: 1, channels: 4 })).toThrow(/stalk/);
    expect(() => sheafNetwork(ring, { maps: 'fixed' as 'free' })).toThrow(/maps/);
    expect(() => sheafNetwork(ring, { initialAngle: Math.PI })).toThrow(InvalidArgumentError);
    expect(() => sheafNetwork(ring, { mapRate: 0 })).toThrow(/mapRate/);
    expect(() => sheafNetwork(ring, { mapHidden: 1.5 })).toThrow(/mapHidden/);
    expect(() => sheafNetwork(ring, { maps: 'posterior', stalk: 4 })).toThrow(/posterior/);
    // without an explicit `maps`, stalks other than 2 get predicted maps
    expect(Object.keys(sheafNetwork(ring, { stalk: 4, channels: 4 }).init(createRng(1), ringTask().task.dims))).toContain('maps0.weight');
    expect(() => sheafNetwork(ring, { maps: 'posterior', skip: false })).toThrow(/skip/);
    expect(() => sheafNetwork(ring, { kappa: 0.01 })).toThrow(/kappa/);
  });
});
