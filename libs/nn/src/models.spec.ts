import * as tf from '@tensorflow/tfjs';
import { createRng, csrTensorFromCsr, useBackend } from '@gsn/tensor';
import { finiteDifferenceGradient, maxRelativeError } from '@gsn/tensor/testing';
import { gcn } from './gcn';
import { mlp } from './mlp';
import type { GraphInputs, Model, ModelDims } from './model';
import type { Params } from './params';
import { randomSparseFeatures, ringAdjacency } from './testing';

beforeAll(() => useBackend('cpu'));

const dims: ModelDims = { nodes: 7, features: 6, classes: 3 };

function inputs(): GraphInputs {
  return {
    adjacency: csrTensorFromCsr(ringAdjacency(dims.nodes)),
    features: csrTensorFromCsr(randomSparseFeatures(createRng(11), dims.nodes, dims.features, 0.4)),
  };
}

/** Scalar test loss sum(logits ∘ R) with a fixed R, dropout masks fixed by a fresh seed each call. */
function lossOf(model: Model, params: Params, x: GraphInputs): tf.Scalar {
  const r = tf.tensor2d(Array.from({ length: dims.nodes * dims.classes }, (_, i) => Math.sin(i + 1)), [dims.nodes, dims.classes]);
  return tf.sum(tf.mul(model.apply(params, x, { training: true, rng: createRng(77) }), r));
}

describe.each([
  ['gcn', gcn({ hidden: 4, dropout: 0.2 })],
  ['mlp', mlp({ hidden: 4, dropout: 0.2 })],
])('%s', (_name, model) => {
  it('maps sparse features to nodes × classes logits', () => {
    const params = model.init(createRng(1), dims);
    const out = model.apply(params, inputs(), { training: false, rng: createRng(2) });
    expect(out.shape).toEqual([dims.nodes, dims.classes]);
    expect(Object.keys(params).sort()).toEqual(['lin1.bias', 'lin1.weight', 'lin2.bias', 'lin2.weight']);
  });

  it('is repeatable: same seed, same parameters and same training-mode logits', () => {
    const run = (seed: number) => {
      const params = model.init(createRng(seed), dims);
      return Array.from(model.apply(params, inputs(), { training: true, rng: createRng(seed + 1) }).dataSync());
    };
    expect(run(5)).toEqual(run(5));
    expect(run(5)).not.toEqual(run(6));
  });

  // ReLU kinks: a central difference that straddles a kink is wrong by O(1), whatever the
  // gradient code does. Biases are moved off zero first: a node whose inputs are all dropped
  // would otherwise sit exactly on a kink, where tfjs takes relu'(0) = 0 and a central
  // difference 1/2. Entries where steps h and h/2 disagree straddle one and are left out
  // (at most a fifth may be); every other entry must match. h = 1e-3 keeps float32 rounding
  // of an O(1) loss near 1e-4 absolute.
  it('has weight gradients that match central finite differences (float32, cpu)', () => {
    const x = inputs();
    const params = Object.fromEntries(
      Object.entries(model.init(createRng(3), dims)).map(([k, t]) =>
        k.endsWith('.bias') ? [k, tf.tensor1d(Array.from({ length: t.size }, (_, j) => 0.1 * Math.cos(j + 1)))] : [k, t],
      ),
    );
    const names = Object.keys(params).sort();
    const analytic = tf.grads((...ts: tf.Tensor[]) =>
      lossOf(model, Object.fromEntries(names.map((n, i) => [n, ts[i]])), x),
    )(names.map((n) => params[n]));
    let smooth = 0;
    let total = 0;
    names.forEach((name, i) => {
      const shape = params[name].shape;
      const f = (v: Float64Array) =>
        tf.tidy(() => lossOf(model, { ...params, [name]: tf.tensor(Float32Array.from(v), shape) }, x).dataSync()[0]);
      const at = (h: number) => finiteDifferenceGradient(f, Float64Array.from(params[name].dataSync()), h);
      const [coarse, fine] = [at(1e-3), at(5e-4)];
      const a = analytic[i].dataSync();
      for (let k = 0; k < a.length; k++) {
        total++;
        if (maxRelativeError([coarse[k]], [fine[k]], 1e-2) > 1e-2) continue;
        smooth++;
        expect(maxRelativeError([a[k]], [coarse[k]], 1e-2)).toBeLessThan(2e-2);
      }
    });
    expect(smooth).toBeGreaterThanOrEqual(0.8 * total);
  });
});
