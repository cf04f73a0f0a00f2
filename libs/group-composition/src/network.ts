import { InvalidArgumentError, ShapeError, createRng } from '@gsn/tensor';
import type { FiniteGroup } from '@gsn/groups';

/**
 * Two-layer network on group composition (SPEC 002 §2.1):
 *   f(g1, g2)(g) = Σ_k v_k(g) σ(u_k(g1) + w_k(g2)),  σ(t) = t² (as analysed) or ReLU (comparison),
 * trained on the centred one-hot target y(g1, g2) = e_{g1·g2} − 1/n with the population MSE
 *   L = (1/n²) Σ_{g1, g2} ‖f(g1, g2) − y(g1, g2)‖²
 * by projected gradient descent: each θ_k = (u_k, w_k, v_k) stays on the sphere of radius `radius`
 * (and, with `centred`, orthogonal to the constants in each block, i.e. off the trivial irrep).
 */
export type Activation = 'quadratic' | 'relu';

export interface NetworkParams {
  readonly order: number;
  readonly width: number;
  /** width x order, row k = u_k (first-argument weights). */
  readonly u: Float64Array;
  /** width x order, row k = w_k (second-argument weights). */
  readonly w: Float64Array;
  /** width x order, row k = v_k (output weights). */
  readonly v: Float64Array;
}

export interface TrainOptions {
  readonly width: number;
  readonly activation: Activation;
  readonly steps: number;
  readonly learningRate: number;
  /** ‖θ_k‖ for every neuron. */
  readonly radius: number;
  /** Keep u_k, w_k, v_k orthogonal to the constant vector. */
  readonly centred: boolean;
  readonly seed: number;
  /** Call `observe` every this many steps (and at step 0 and the last step). */
  readonly recordEvery: number;
}

export const TRAIN_DEFAULTS: Readonly<TrainOptions> = Object.freeze({
  width: 64,
  activation: 'quadratic',
  steps: 2000,
  learningRate: 0.05,
  radius: 1,
  centred: true,
  seed: 1,
  recordEvery: 50,
});

export function validateTrainOptions(partial: Partial<TrainOptions>): TrainOptions {
  const o = { ...TRAIN_DEFAULTS, ...partial };
  const positiveInt: (keyof TrainOptions)[] = ['width', 'recordEvery'];
  for (const k of positiveInt)
    if (!Number.isInteger(o[k]) || (o[k] as number) < 1) throw new InvalidArgumentError(`train option ${k} must be a positive integer`);
  if (!Number.isInteger(o.steps) || o.steps < 0) throw new InvalidArgumentError('train option steps must be a non-negative integer');
  if (!(o.learningRate > 0)) throw new InvalidArgumentError('train option learningRate must be > 0');
  if (!(o.radius > 0)) throw new InvalidArgumentError('train option radius must be > 0');
  if (o.activation !== 'quadratic' && o.activation !== 'relu')
    throw new InvalidArgumentError(`train option activation must be 'quadratic' or 'relu'`);
  return o;
}

function sigma(activation: Activation, t: number): number {
  return activation === 'quadratic' ? t * t : t > 0 ? t : 0;
}

function sigmaPrime(activation: Activation, t: number): number {
  return activation === 'quadratic' ? 2 * t : t > 0 ? 1 : 0;
}

/** Network output for every pair: (n² x n), row g1 * n + g2. */
export function networkOutput(p: NetworkParams, activation: Activation): Float64Array {
  const { order: n, width: m, u, w, v } = p;
  const out = new Float64Array(n * n * n);
  for (let k = 0; k < m; k++)
    for (let g1 = 0; g1 < n; g1++)
      for (let g2 = 0; g2 < n; g2++) {
        const a = sigma(activation, u[k * n + g1] + w[k * n + g2]);
        if (a === 0) continue;
        const row = (g1 * n + g2) * n;
        for (let g = 0; g < n; g++) out[row + g] += a * v[k * n + g];
      }
  return out;
}

/** Centred one-hot target y(g1, g2) = e_{g1·g2} − 1/n, (n² x n). */
export function compositionTarget(group: FiniteGroup): Float64Array {
  const n = group.order;
  const y = new Float64Array(n * n * n).fill(-1 / n);
  for (let p = 0; p < n * n; p++) y[p * n + group.table[p]] += 1;
  return y;
}

/** Population MSE and its gradient with respect to u, w, v. */
export function lossAndGradient(
  p: NetworkParams,
  target: Float64Array,
  activation: Activation,
): { loss: number; gu: Float64Array; gw: Float64Array; gv: Float64Array } {
  const { order: n, width: m, u, w, v } = p;
  if (target.length !== n * n * n) throw new ShapeError('lossAndGradient: target must be n² x n');
  const out = networkOutput(p, activation);
  let loss = 0;
  const r = new Float64Array(out.length);
  for (let i = 0; i < out.length; i++) {
    r[i] = out[i] - target[i];
    loss += r[i] * r[i];
  }
  const scale = 2 / (n * n);
  const gu = new Float64Array(m * n);
  const gw = new Float64Array(m * n);
  const gv = new Float64Array(m * n);
  for (let k = 0; k < m; k++)
    for (let g1 = 0; g1 < n; g1++)
      for (let g2 = 0; g2 < n; g2++) {
        const h = u[k * n + g1] + w[k * n + g2];
        const a = sigma(activation, h);
        const row = (g1 * n + g2) * n;
        let s = 0;
        for (let g = 0; g < n; g++) {
          s += r[row + g] * v[k * n + g];
          gv[k * n + g] += scale * a * r[row + g];
        }
        const gh = scale * sigmaPrime(activation, h) * s;
        gu[k * n + g1] += gh;
        gw[k * n + g2] += gh;
      }
  return { loss: loss / (n * n), gu, gw, gv };
}

/** Puts every θ_k back on its sphere (after removing block means when centred). */
export function projectToSpheres(p: NetworkParams, radius: number, centred: boolean): void {
  const { order: n, width: m } = p;
  for (let k = 0; k < m; k++) {
    let norm2 = 0;
    for (const block of [p.u, p.w, p.v]) {
      if (centred) {
        let mean = 0;
        for (let g = 0; g < n; g++) mean += block[k * n + g] / n;
        for (let g = 0; g < n; g++) block[k * n + g] -= mean;
      }
      for (let g = 0; g < n; g++) norm2 += block[k * n + g] ** 2;
    }
    const f = radius / Math.sqrt(norm2);
    for (const block of [p.u, p.w, p.v]) for (let g = 0; g < n; g++) block[k * n + g] *= f;
  }
}

/** Random point on the product of spheres (uniform directions, seeded). */
export function initNetwork(order: number, options: Partial<TrainOptions> = {}): NetworkParams {
  const o = validateTrainOptions(options);
  const rng = createRng(o.seed);
  const gaussian = () => Float64Array.from({ length: o.width * order }, () => rng.normal());
  const p = { order, width: o.width, u: gaussian(), w: gaussian(), v: gaussian() };
  projectToSpheres(p, o.radius, o.centred);
  return p;
}

/**
 * Riemannian gradient step on each sphere: remove the radial (and constant) parts of the
 * gradient, step, renormalise. Returns the loss before the step.
 */
export function projectedGradientStep(p: NetworkParams, target: Float64Array, o: TrainOptions): number {
  const { loss, gu, gw, gv } = lossAndGradient(p, target, o.activation);
  const { order: n, width: m } = p;
  const pairs: [Float64Array, Float64Array][] = [
    [p.u, gu],
    [p.w, gw],
    [p.v, gv],
  ];
  for (let k = 0; k < m; k++) {
    if (o.centred)
      for (const [, g] of pairs) {
        let mean = 0;
        for (let i = 0; i < n; i++) mean += g[k * n + i] / n;
        for (let i = 0; i < n; i++) g[k * n + i] -= mean;
      }
    let radial = 0;
    for (const [x, g] of pairs) for (let i = 0; i < n; i++) radial += x[k * n + i] * g[k * n + i];
    radial /= o.radius * o.radius;
    for (const [x, g] of pairs) for (let i = 0; i < n; i++) x[k * n + i] -= o.learningRate * (g[k * n + i] - radial * x[k * n + i]);
  }
  projectToSpheres(p, o.radius, o.centred);
  return loss;
}

/** Trains from `initNetwork` and calls `observe(step, params, loss)` every `recordEvery` steps. */
export function trainGroupComposition(
  group: FiniteGroup,
  options: Partial<TrainOptions> = {},
  observe?: (step: number, params: NetworkParams, loss: number) => void,
): { params: NetworkParams; losses: number[] } {
  const o = validateTrainOptions(options);
  const params = initNetwork(group.order, o);
  const target = compositionTarget(group);
  const losses: number[] = [];
  for (let step = 0; step < o.steps; step++) {
    const loss = projectedGradientStep(params, target, o);
    losses.push(loss);
    if (observe && step % o.recordEvery === 0) observe(step, params, loss);
  }
  if (observe) observe(o.steps, params, lossAndGradient(params, target, o.activation).loss);
  return { params, losses };
}

/** Majority-vote readout: argmax_g of the population output Σ_k v_k(g) σ(·) for every pair (n²). */
export function majorityVote(p: NetworkParams, activation: Activation): Int32Array {
  const n = p.order;
  const out = networkOutput(p, activation);
  return Int32Array.from({ length: n * n }, (_, pair) => {
    let best = 0;
    for (let g = 1; g < n; g++) if (out[pair * n + g] > out[pair * n + best]) best = g;
    return best;
  });
}

/** Fraction of the n² pairs whose majority vote is g1·g2. */
export function compositionAccuracy(group: FiniteGroup, p: NetworkParams, activation: Activation): number {
  const votes = majorityVote(p, activation);
  let correct = 0;
  for (let i = 0; i < votes.length; i++) if (votes[i] === group.table[i]) correct++;
  return correct / votes.length;
}
