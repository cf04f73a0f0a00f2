import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from '@gsn/tensor';
import { adam, scaleByAdam } from './adam';
import { applyUpdates, disposeStale } from './transform';
import type { OptState, Params } from './transform';

beforeAll(async () => {
  tf.enableProdMode();
  await tf.setBackend('cpu');
});

/** Adam written out in float64 from Kingma & Ba's Algorithm 1, one scalar at a time. */
function adamReference(theta0: number, gradOf: (theta: number) => number, steps: number, lr: number): number[] {
  const [b1, b2, eps] = [0.9, 0.999, 1e-8];
  let [theta, m, v] = [theta0, 0, 0];
  const out: number[] = [];
  for (let t = 1; t <= steps; t++) {
    const g = gradOf(theta);
    m = b1 * m + (1 - b1) * g;
    v = b2 * v + (1 - b2) * g * g;
    theta -= (lr * (m / (1 - b1 ** t))) / (Math.sqrt(v / (1 - b2 ** t)) + eps);
    out.push(theta);
  }
  return out;
}

describe('adam', () => {
  it('first step moves each parameter by lr against the sign of its gradient', () => {
    const opt = adam(0.1);
    const params: Params = { w: tf.tensor1d([1, -2, 3]) };
    const { updates } = opt.update({ w: tf.tensor1d([0.5, -4, 1e-3]) }, opt.init(params), params);
    expect(Array.from(updates.w.dataSync())).toEqual([-0.1, 0.1, -0.1].map((x) => expect.closeTo(x, 5)));
  });

  it('matches the hand-computed Adam trajectory on f(x) = sum(c x^2) for 5 steps', () => {
    const c = [1, 0.3, 5];
    const x0 = [1.5, -0.7, 0.2];
    const lr = 0.05;
    const opt = adam(lr);
    let params: Params = { x: tf.tensor1d(x0) };
    let state: OptState = opt.init(params);
    const traj: number[][] = [];
    for (let t = 0; t < 5; t++) {
      const next = tf.tidy(() => {
        const grads = { x: tf.mul(params.x, tf.mul(tf.tensor1d(c), 2)) };
        const r = opt.update(grads, state, params);
        return { params: applyUpdates(params, r.updates), state: r.state };
      });
      disposeStale(params, next.params);
      disposeStale(state, next.state);
      params = next.params;
      state = next.state;
      traj.push(Array.from(params.x.dataSync()));
    }
    c.forEach((ci, i) => {
      const ref = adamReference(x0[i], (x) => 2 * ci * x, 5, lr);
      ref.forEach((r, t) => expect(traj[t][i]).toBeCloseTo(r, 6));
    });
  });

  it('keeps the number of live tensors constant over steps when states are released', () => {
    const opt = adam(0.01);
    let params: Params = { a: tf.ones([3, 2]), b: tf.zeros([2]) };
    let state: OptState = opt.init(params);
    const counts: number[] = [];
    for (let t = 0; t < 4; t++) {
      const next = tf.tidy(() => {
        const grads = { a: tf.onesLike(params.a), b: tf.onesLike(params.b) };
        const r = opt.update(grads, state, params);
        return { params: applyUpdates(params, r.updates), state: r.state };
      });
      disposeStale(params, next.params);
      disposeStale(state, next.state);
      params = next.params;
      state = next.state;
      counts.push(tf.memory().numTensors);
    }
    expect(new Set(counts).size).toBe(1);
  });

  it('rejects b1 outside [0, 1) naming the field', () => {
    expect(() => scaleByAdam({ b1: 1 })).toThrow(InvalidArgumentError);
    expect(() => scaleByAdam({ b1: 1 })).toThrow(/b1/);
  });
});
