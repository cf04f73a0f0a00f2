import * as tf from '@tensorflow/tfjs';
import { weightedGraph } from '@gsn/graph';
import { createRng, ShapeError, useBackend } from '@gsn/tensor';
import { finiteDifferenceGradient, maxRelativeError } from '@gsn/tensor/testing';
import { anglesFromPosteriors, predictConnectionParams, predictConnectionParamsMlp } from './map-predictor';

beforeAll(() => useBackend('cpu'));

// A 5-node graph with a hub, a cycle and both orientations of one pair.
const graph = weightedGraph({ nodes: 5, src: [0, 0, 0, 1, 2, 3, 4], dst: [1, 2, 3, 2, 3, 4, 0] });
const n = 5;
const f = 3;
const hidden = 4;
const p = 2;
const sizes = { features: n * f, w1: 2 * f * hidden, b1: hidden, w2: hidden * p, b2: p };
const offsets = {
  features: 0,
  w1: sizes.features,
  b1: sizes.features + sizes.w1,
  w2: sizes.features + sizes.w1 + sizes.b1,
  b2: sizes.features + sizes.w1 + sizes.b1 + sizes.w2,
};
const total = offsets.b2 + sizes.b2;

/** Float64 reference: Σ_e,k g[e,k] · scale·tanh(relu([h_src ‖ h_dst] W₁ + b₁) W₂ + b₂). */
function mlpLoss(x: Float64Array, cotangent: Float64Array, scale: number): number {
  const at = (name: keyof typeof offsets, i: number) => x[offsets[name] + i];
  let loss = 0;
  for (let e = 0; e < graph.src.length; e++) {
    const pair = [graph.src[e], graph.dst[e]];
    const h = new Float64Array(hidden);
    for (let u = 0; u < hidden; u++) {
      let z = at('b1', u);
      for (let side = 0; side < 2; side++) {
        for (let c = 0; c < f; c++) z += at('features', pair[side] * f + c) * at('w1', (side * f + c) * hidden + u);
      }
      h[u] = Math.max(z, 0);
    }
    for (let k = 0; k < p; k++) {
      let z = at('b2', k);
      for (let u = 0; u < hidden; u++) z += h[u] * at('w2', u * p + k);
      loss += cotangent[e * p + k] * scale * Math.tanh(z);
    }
  }
  return loss;
}

describe('predictConnectionParamsMlp', () => {
  it('gradients for features and both layers match central differences of a float64 reference', () => {
    const rng = createRng(12);
    const x = Float64Array.from({ length: total }, () => Math.fround(2 * rng.next() - 1));
    const cotangent = Float64Array.from({ length: graph.src.length * p }, () => Math.fround(2 * rng.next() - 1));
    const part = (name: keyof typeof offsets) => Float32Array.from(x.subarray(offsets[name], offsets[name] + sizes[name]));
    const inputs = [
      tf.tensor2d(part('features'), [n, f]),
      tf.tensor2d(part('w1'), [2 * f, hidden]),
      tf.tensor1d(part('b1')),
      tf.tensor2d(part('w2'), [hidden, p]),
      tf.tensor1d(part('b2')),
    ];
    const g = tf.tensor2d(Float32Array.from(cotangent), [graph.src.length, p]);
    const scale = 2;
    const loss = (...t: tf.Tensor[]) =>
      tf.sum(
        tf.mul(
          predictConnectionParamsMlp(
            t[0] as tf.Tensor2D,
            graph,
            { weight: t[1] as tf.Tensor2D, bias: t[2] as tf.Tensor1D },
            { weight: t[3] as tf.Tensor2D, bias: t[4] as tf.Tensor1D },
            scale,
          ),
          g,
        ),
      ) as tf.Scalar;
    expect(loss(...inputs).dataSync()[0]).toBeCloseTo(mlpLoss(x, cotangent, scale), 4);
    const grads = tf.grads(loss)(inputs);
    const autodiff = new Float64Array(total);
    (Object.keys(offsets) as (keyof typeof offsets)[]).forEach((name, i) => autodiff.set(grads[i].dataSync(), offsets[name]));
    const reference = finiteDifferenceGradient((y) => mlpLoss(y, cotangent, scale), x);
    expect(maxRelativeError(autodiff, reference, 1e-3)).toBeLessThan(1e-4);
    // every block carries gradient (no dead hidden layer in the fixture)
    for (const name of Object.keys(offsets) as (keyof typeof offsets)[]) {
      expect(Math.max(...Array.from(reference.subarray(offsets[name], offsets[name] + sizes[name]), Math.abs))).toBeGreaterThan(1e-3);
    }
    tf.dispose([...inputs, g, ...grads]);
  });

  it('with zero output weights predicts scale·tanh(b₂) on every edge, as the linear learner with W = 0 does', () => {
    const features = tf.randomNormal([n, f], 0, 1, 'float32', 3) as tf.Tensor2D;
    const first = { weight: tf.randomNormal([2 * f, hidden], 0, 1, 'float32', 4) as tf.Tensor2D, bias: tf.zeros([hidden]) as tf.Tensor1D };
    const output = { weight: tf.zeros([hidden, p]) as tf.Tensor2D, bias: tf.tensor1d([0.3, -0.2]) };
    const mlp = predictConnectionParamsMlp(features, graph, first, output).arraySync();
    const linear = predictConnectionParams(features, graph, tf.zeros([2 * f, p]), output.bias).arraySync();
    expect(mlp).toEqual(linear);
    expect(mlp[0][0]).toBeCloseTo(Math.PI * Math.tanh(0.3), 5);
  });

  it('names the bad shape: hidden weight rows, output rows', () => {
    const features = tf.zeros([n, f]) as tf.Tensor2D;
    const layer = (rows: number, cols: number) => ({ weight: tf.zeros([rows, cols]) as tf.Tensor2D, bias: tf.zeros([cols]) as tf.Tensor1D });
    expect(() => predictConnectionParamsMlp(features, graph, layer(f, hidden), layer(hidden, p))).toThrow(ShapeError);
    expect(() => predictConnectionParamsMlp(features, graph, layer(2 * f, hidden), layer(hidden + 1, p))).toThrow(/4 units/);
  });
});

/** Float64 reference: Σ_e g_e · (π/2)‖softmax(z_src) − softmax(z_dst)‖², z (n, classes) row-major. */
function posteriorLoss(z: Float64Array, cotangent: Float64Array, classes: number): number {
  const p = new Float64Array(z.length);
  for (let i = 0; i < n; i++) {
    const row = z.subarray(i * classes, (i + 1) * classes);
    const top = Math.max(...row);
    const sum = row.reduce((s, v) => s + Math.exp(v - top), 0);
    for (let k = 0; k < classes; k++) p[i * classes + k] = Math.exp(row[k] - top) / sum;
  }
  let loss = 0;
  for (let e = 0; e < graph.src.length; e++) {
    let gap = 0;
    for (let k = 0; k < classes; k++) gap += (p[graph.src[e] * classes + k] - p[graph.dst[e] * classes + k]) ** 2;
    loss += cotangent[e] * (Math.PI / 2) * gap;
  }
  return loss;
}

describe('anglesFromPosteriors', () => {
  const classes = 3;

  it('is 0 for equal posteriors and tends to π for confident, different classes', () => {
    const same = anglesFromPosteriors(tf.zeros([n, classes]), graph).dataSync();
    expect(Array.from(same).every((v) => v === 0)).toBe(true);
    const sure = tf.tensor2d(Array.from({ length: n }, (_, i) => [0, 1, 2].map((k) => (k === i % classes ? 30 : 0))));
    const angles = anglesFromPosteriors(sure, graph).dataSync();
    // edge 0 → 1: classes 0 and 1
    expect(angles[0]).toBeCloseTo(Math.PI, 5);
    // edge 0 → 3: 3 % 3 = 0, the same class
    expect(angles[2]).toBeCloseTo(0, 5);
  });

  it('gradient for the logits matches central differences of a float64 reference', () => {
    const rng = createRng(13);
    const z = Float64Array.from({ length: n * classes }, () => Math.fround(4 * rng.next() - 2));
    const cotangent = Float64Array.from({ length: graph.src.length }, () => Math.fround(2 * rng.next() - 1));
    const logits = tf.tensor2d(Float32Array.from(z), [n, classes]);
    const g = tf.tensor2d(Float32Array.from(cotangent), [graph.src.length, 1]);
    const loss = (t: tf.Tensor) => tf.sum(tf.mul(anglesFromPosteriors(t as tf.Tensor2D, graph), g)) as tf.Scalar;
    expect(loss(logits).dataSync()[0]).toBeCloseTo(posteriorLoss(z, cotangent, classes), 4);
    const autodiff = tf.grad(loss)(logits).dataSync();
    const reference = finiteDifferenceGradient((y) => posteriorLoss(y, cotangent, classes), z);
    expect(Math.max(...Array.from(reference, Math.abs))).toBeGreaterThan(1e-2);
    expect(maxRelativeError(autodiff, reference, 1e-3)).toBeLessThan(1e-4);
    tf.dispose([logits, g]);
  });
});
