/**
 * Plain (Krasnosel'skii–Mann) fixed-point iteration z ← z + β(T(z) − z).
 * Converges linearly at rate q when T is a q-contraction and β = 1, and for any
 * β ∈ (0, 1) when T is merely nonexpansive with a fixed point.
 */
import { InvalidArgumentError, zerosLike, type Real } from '@gsn/tensor';
import type { FixedPointMap } from './operator';
import {
  checkStopOptions,
  resolveOptions,
  ResidualHistory,
  STOP_DEFAULTS,
  type SolveResult,
  type StopOptions,
} from './stopping';
import { distance, norm } from './vector';

export interface FixedPointOptions extends StopOptions {
  /** β in z ← z + β(T(z) − z); 1 is the plain iteration. Must lie in (0, 1]. */
  damping: number;
}

export const FIXED_POINT_DEFAULTS: Readonly<FixedPointOptions> = Object.freeze({ ...STOP_DEFAULTS, damping: 1 });

export function checkDamping(solver: string, damping: number): void {
  if (!(typeof damping === 'number' && damping > 0 && damping <= 1)) {
    throw new InvalidArgumentError(`${solver}: option 'damping' must lie in (0, 1], got ${String(damping)}`);
  }
}

/**
 * Iterates `map` from `z0` (left unchanged) until the fixed-point residual
 * ‖T(z_k) − z_k‖ / (1 + ‖z_k‖) is ≤ tol (for β = 1, the relative step of SPEC 4.4).
 * The returned state is the last map output T(z_k), so it lies in the map's range
 * (e.g. ≥ 0 for a ReLU prox).
 *
 * Shapes: z0 (n), any precision; `map` writes n values; work arrays match z0's precision.
 */
export function fixedPoint<T extends Real>(
  map: FixedPointMap,
  z0: T,
  opts?: Partial<FixedPointOptions>,
): SolveResult<T> {
  return fixedPointIteration('fixedPoint', map, z0, opts);
}

/** `fixedPoint` under another solver's name (for its options check and error messages). */
export function fixedPointIteration<T extends Real>(
  solver: string,
  map: FixedPointMap,
  z0: T,
  opts: Partial<FixedPointOptions> | undefined,
): SolveResult<T> {
  const o = resolveOptions(solver, FIXED_POINT_DEFAULTS, opts);
  checkStopOptions(solver, o);
  checkDamping(solver, o.damping);
  const history = new ResidualHistory(solver, o);
  history.checkFinite(z0, 0);
  let z = zerosLike(z0);
  z.set(z0);
  let next = zerosLike(z0);
  for (let k = 1; ; k++) {
    map(z, next);
    if (history.record(distance(next, z) / (1 + norm(z)))) return history.converged(next as T);
    if (k === o.maxIter) return history.maxIterationsReached(next as T);
    if (o.damping !== 1) {
      for (let i = 0; i < z.length; i++) next[i] = z[i] + o.damping * (next[i] - z[i]);
    }
    [z, next] = [next, z];
  }
}
