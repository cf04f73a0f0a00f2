import { InvalidArgumentError, ShapeError } from '@gsn/tensor';
import type { Real } from '@gsn/tensor';

/**
 * A separable Hessian metric on the cone W = R_{>=0}^E: g = diag(h''(w_e)) for a strictly
 * convex potential phi(w) = sum_e h(w_e) (SPEC 4.6). All functions act on one edge weight;
 * `mirror` is h' (the mirror map, weights -> dual coordinates theta) and `inverseMirror` its
 * inverse. Every potential here is smooth on an open interval containing [0, inf), so the
 * metric is finite and positive at zero weight: non-degenerate on every stratum.
 */
export interface HessianMetric {
  readonly name: 'euclidean' | 'entropy' | 'log-barrier' | 'hypentropy';
  /** h(w). */
  potential(w: number): number;
  /** h'(w), the mirror map. */
  mirror(w: number): number;
  /** (h')^{-1}(theta), on the range of h'. */
  inverseMirror(theta: number): number;
  /**
   * (h')^{-1}(h'(w) - delta), the mirror-descent move, in a form that returns w exactly for
   * delta = 0 (a log/exp round trip would let a zero weight drift to 1e-17 and fake an entry).
   * Infinity when h'(w) - delta leaves the range of h' (only the log-barrier has a bounded range).
   */
  mirrorUpdate(w: number, delta: number): number;
  /** g(w) = h''(w) > 0. */
  metric(w: number): number;
  /** 1 / h''(w), the factor of the natural gradient. */
  inverseMetric(w: number): number;
}

/** g = 1, h(w) = w^2 / 2: natural gradient is plain (projected) gradient descent. */
export function euclideanMetric(): HessianMetric {
  return Object.freeze({
    name: 'euclidean' as const,
    potential: (w: number) => 0.5 * w * w,
    mirror: (w: number) => w,
    inverseMirror: (theta: number) => theta,
    mirrorUpdate: (w: number, delta: number) => w - delta,
    metric: () => 1,
    inverseMetric: () => 1,
  });
}

/** (M1) shifted entropy h(w) = (w + eps) log(w + eps) - w, g = 1/(w + eps), theta = log(w + eps). */
export function entropyMetric(epsilon: number = METRIC_DEFAULTS.epsilon): HessianMetric {
  positive('entropyMetric', 'epsilon', epsilon);
  return Object.freeze({
    name: 'entropy' as const,
    potential: (w: number) => (w + epsilon) * Math.log(w + epsilon) - w,
    mirror: (w: number) => Math.log(w + epsilon),
    inverseMirror: (theta: number) => Math.exp(theta) - epsilon,
    mirrorUpdate: (w: number, delta: number) => w + (w + epsilon) * Math.expm1(-delta),
    metric: (w: number) => 1 / (w + epsilon),
    inverseMetric: (w: number) => w + epsilon,
  });
}

/** (M2) shifted log-barrier h(w) = -log(w + eps), g = 1/(w + eps)^2, theta = -1/(w + eps) < 0. */
export function logBarrierMetric(epsilon: number = METRIC_DEFAULTS.epsilon): HessianMetric {
  positive('logBarrierMetric', 'epsilon', epsilon);
  return Object.freeze({
    name: 'log-barrier' as const,
    potential: (w: number) => -Math.log(w + epsilon),
    mirror: (w: number) => -1 / (w + epsilon),
    inverseMirror: (theta: number) => -1 / theta - epsilon,
    // -1/(theta - delta) - eps with theta = -1/(w + eps); the dual point must stay < 0.
    mirrorUpdate: (w: number, delta: number) => {
      const s = w + epsilon;
      const denominator = 1 + delta * s;
      return denominator > 0 ? w - (delta * s * s) / denominator : Infinity;
    },
    metric: (w: number) => 1 / ((w + epsilon) * (w + epsilon)),
    inverseMetric: (w: number) => (w + epsilon) * (w + epsilon),
  });
}

/**
 * (M3) hypentropy (Ghai-Hazan-Singer 2020) h(w) = w arsinh(w/beta) - sqrt(w^2 + beta^2),
 * g = 1/sqrt(w^2 + beta^2), theta = arsinh(w/beta): entropy-like for w >> beta, Euclidean-like near 0.
 */
export function hypentropyMetric(beta: number = METRIC_DEFAULTS.beta): HessianMetric {
  positive('hypentropyMetric', 'beta', beta);
  return Object.freeze({
    name: 'hypentropy' as const,
    potential: (w: number) => w * Math.asinh(w / beta) - Math.hypot(w, beta),
    mirror: (w: number) => Math.asinh(w / beta),
    inverseMirror: (theta: number) => beta * Math.sinh(theta),
    // beta sinh(a - delta) with sinh a = w/beta, cosh a = sqrt(w^2 + beta^2)/beta.
    mirrorUpdate: (w: number, delta: number) => {
      const half = Math.sinh(delta / 2);
      return w + 2 * w * half * half - Math.hypot(w, beta) * Math.sinh(delta);
    },
    metric: (w: number) => 1 / Math.hypot(w, beta),
    inverseMetric: (w: number) => Math.hypot(w, beta),
  });
}

/**
 * Default shifts: epsilon (M1, M2) and beta (M3). At zero weight the natural-gradient speed
 * is eps (M1), eps^2 (M2) or beta (M3) times the Euclidean one, so the shift sets how fast an
 * absent edge can re-enter; 0.1 lets an edge enter ten times slower than a unit-weight edge moves.
 */
export const METRIC_DEFAULTS = Object.freeze({ epsilon: 0.1, beta: 0.1 });

function positive(fn: string, field: string, value: number): void {
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new InvalidArgumentError(`${fn}: ${field} must be finite and > 0, got ${value}`);
  }
}

/** phi(w) = sum_e h(w_e). */
export function potentialValue(metric: HessianMetric, w: Real): number {
  let s = 0;
  for (let e = 0; e < w.length; e++) s += metric.potential(w[e]);
  return s;
}

/** The metric diagonal g_e = h''(w_e), written into `out` (a new Float64Array by default). */
export function metricDiagonal(metric: HessianMetric, w: Real, out: Real = new Float64Array(w.length)): Real {
  if (out.length !== w.length) throw new ShapeError(`metricDiagonal: out has ${out.length} entries for ${w.length} weights`);
  for (let e = 0; e < w.length; e++) out[e] = metric.metric(w[e]);
  return out;
}

/**
 * Bounds of g on the box 0 <= w <= wMax (every metric here is non-increasing in w, so they
 * are g(wMax) and g(0)). Both are finite and positive: the P10 bounds.
 */
export function metricBounds(metric: HessianMetric, wMax: number): { min: number; max: number } {
  if (!(wMax >= 0) || !Number.isFinite(wMax)) {
    throw new InvalidArgumentError(`metricBounds: wMax must be finite and >= 0, got ${wMax}`);
  }
  return { min: metric.metric(wMax), max: metric.metric(0) };
}
