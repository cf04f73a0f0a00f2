/**
 * Forward–backward splitting (proximal gradient) for the stationary equation
 *   0 ∈ A z + ∂Φ(z) − s,   A symmetric with κI ⪯ A ⪯ ΛI (κ > 0),
 * by iterating T(z) = prox_{αΦ}(z − α(A z − s)). For 0 < α < 2/Λ, T is a contraction with
 *   q(α) = max(|1 − ακ|, |1 − αΛ|)  (SPEC 4.4(a), P1),
 * best α* = 2/(κ + Λ). Error bound: ‖z_k − z*‖ ≤ ‖z_{k+1} − z_k‖ / (1 − q).
 * Optionally Anderson-accelerated on the same map.
 */
import { InvalidArgumentError, ShapeError, zerosLike, type Real } from '@gsn/tensor';
import {
  ANDERSON_MIXING_DEFAULTS,
  andersonIteration,
  checkAndersonMixing,
  type AndersonMixing,
} from './anderson';
import { fixedPointIteration } from './fixed-point';
import type { FixedPointMap, LinearOperator } from './operator';
import { checkStopOptions, resolveOptions, STOP_DEFAULTS, type SolveResult, type StopOptions } from './stopping';

export interface ForwardBackwardProblem {
  /** The smooth monotone linear part A (e.g. L_w + V). */
  applyA: LinearOperator;
  /** s. */
  source: Real;
  /** out = prox_{αΦ}(z) (firmly nonexpansive). */
  prox: (z: Real, alpha: number, out: Real) => void;
  /** Step, 0 < α < 2/Λ (not checked: Λ is the caller's; α = 1/Λ_bound is safe). */
  alpha: number;
}

export type Acceleration = 'none' | 'anderson';

/**
 * `memory` and `regularization` act only with acceleration 'anderson'; `damping` β gives
 * z ← z + β(T(z) − z) without acceleration and Anderson's β with it.
 */
export interface ForwardBackwardOptions extends StopOptions, AndersonMixing {
  acceleration: Acceleration;
}

export const FORWARD_BACKWARD_DEFAULTS: Readonly<ForwardBackwardOptions> = Object.freeze({
  ...STOP_DEFAULTS,
  ...ANDERSON_MIXING_DEFAULTS,
  acceleration: 'none',
});

/** The forward–backward map z ↦ prox_{αΦ}(z − α(Az − s)), with one preallocated work vector. */
export function forwardBackwardMap(problem: ForwardBackwardProblem, like: Real): FixedPointMap {
  const { applyA, source, prox, alpha } = problem;
  const work = zerosLike(like);
  return (z: Real, out: Real) => {
    applyA(z, work);
    for (let i = 0; i < work.length; i++) work[i] = z[i] - alpha * (work[i] - source[i]);
    prox(work, alpha, out);
  };
}

/**
 * Solves 0 ∈ Az + ∂Φ(z) − s from `z0` (left unchanged). Residual: the relative step
 * ‖T(z_k) − z_k‖ / (1 + ‖z_k‖); state: the last T(z_k) (so it is a prox output).
 */
export function forwardBackward<T extends Real>(
  problem: ForwardBackwardProblem,
  z0: T,
  opts?: Partial<ForwardBackwardOptions>,
): SolveResult<T> {
  const solver = 'forwardBackward';
  const o = resolveOptions(solver, FORWARD_BACKWARD_DEFAULTS, opts);
  checkStopOptions(solver, o);
  checkAndersonMixing(solver, o);
  if (!(typeof problem.alpha === 'number' && Number.isFinite(problem.alpha) && problem.alpha > 0)) {
    throw new InvalidArgumentError(`${solver}: problem.alpha must be a finite number > 0, got ${String(problem.alpha)}`);
  }
  if (problem.source.length !== z0.length) {
    throw new ShapeError(`${solver}: source has length ${problem.source.length}, initial state ${z0.length}`);
  }
  const map = forwardBackwardMap(problem, z0);
  const { acceleration, memory, regularization, ...stop } = o;
  switch (acceleration) {
    case 'none':
      return fixedPointIteration(solver, map, z0, stop);
    case 'anderson':
      return andersonIteration(solver, map, z0, { ...stop, memory, regularization });
    default:
      throw new InvalidArgumentError(
        `${solver}: option 'acceleration' must be 'none' or 'anderson', got ${String(acceleration)}`,
      );
  }
}
