import { InvalidArgumentError } from '@gsn/tensor';

/*
 * The scalar toy model of SPEC 003 F5: f = u·v, loss ½(uv − y)², penalty (λ/4)(u² − v²)².
 * On the minimum set uv = y the loss Hessian has eigenvalues {0, u² + v²}, so plain GD is locally
 * stable iff η < 2/(u² + v²), largest at the balanced representative |u| = |v|.
 */

/** The predicted local stability limit 2/(u² + v²) of GD at the minimum (u, v). */
export function toyStabilityLimit(u: number, v: number): number {
  return 2 / (u * u + v * v);
}

/** One GD step on ½(uv − y)² + (λ/4)(u² − v²)². */
export function toyStep(u: number, v: number, y: number, eta: number, lambda: number): [number, number] {
  const r = u * v - y;
  const d = u * u - v * v;
  return [u - eta * (r * v + lambda * d * u), v - eta * (r * u - lambda * d * v)];
}

export interface ToyThresholdOptions {
  readonly lambda: number;
  /** Relative size of the initial perturbation off the minimum (small: linear regime). */
  readonly perturbation: number;
  readonly steps: number;
  /** Bisection stops when the bracket is this narrow (relative). */
  readonly relTol: number;
}

export const TOY_THRESHOLD_DEFAULTS: Readonly<ToyThresholdOptions> = Object.freeze({ lambda: 0, perturbation: 1e-8, steps: 200, relTol: 1e-6 });

/**
 * Measured divergence threshold of GD started next to the minimum (u, v) (y = uv): the smallest η
 * (by bisection) for which |uv − y| after `steps` steps exceeds its initial value, or at some step
 * exceeds 1e3 times it (a catapult to another minimum is still a local instability).
 */
export function measureToyThreshold(u: number, v: number, options: Partial<ToyThresholdOptions> = {}): number {
  const o = { ...TOY_THRESHOLD_DEFAULTS, ...options };
  if (!(u !== 0 && v !== 0)) throw new InvalidArgumentError(`u and v must be non-zero, got ${u}, ${v}`);
  if (!(o.perturbation > 0 && o.steps >= 1 && o.relTol > 0 && o.lambda >= 0)) throw new InvalidArgumentError(`bad ToyThresholdOptions ${JSON.stringify(o)}`);
  const y = u * v;
  const grows = (eta: number): boolean => {
    let a = u * (1 + o.perturbation);
    let b = v;
    const r0 = Math.abs(a * b - y);
    for (let t = 0; t < o.steps; t++) {
      [a, b] = toyStep(a, b, y, eta, o.lambda);
      // Leaving the neighbourhood counts even if GD later lands on another (flatter) minimum.
      if (!(Math.abs(a * b - y) < 1e3 * r0)) return true;
    }
    return Math.abs(a * b - y) > r0;
  };
  let lo = 0;
  let hi = toyStabilityLimit(u, v);
  while (!grows(hi)) {
    lo = hi;
    hi *= 2;
  }
  while (hi - lo > o.relTol * hi) {
    const mid = 0.5 * (lo + hi);
    if (grows(mid)) hi = mid;
    else lo = mid;
  }
  return 0.5 * (lo + hi);
}
