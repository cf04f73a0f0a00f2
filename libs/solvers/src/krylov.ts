/**
 * What CG, MINRES and GMRES share: options, shape checks, the relative residual
 * ‖b − Ax‖ / ‖b‖, and the b = 0 shortcut (the solution of a nonsingular system is 0,
 * returned after 0 iterations).
 */
import { ShapeError, zerosLike, type Real } from '@gsn/tensor';
import { checkStopOptions, resolveOptions, ResidualHistory, STOP_DEFAULTS, type StopOptions } from './stopping';
import type { LinearOperator } from './operator';
import { norm, residualInto } from './vector';

export type KrylovOptions = StopOptions;

export const KRYLOV_DEFAULTS: Readonly<KrylovOptions> = STOP_DEFAULTS;

export interface KrylovStart<T extends Real, O extends StopOptions> {
  opts: O;
  history: ResidualHistory;
  /** The iterate: a copy of x0, or zeros when b = 0. */
  x: T;
  /** ‖b‖ (0 when b = 0). */
  bNorm: number;
  /** r = b − A x0. */
  r: T;
  /** True when x is already a solution (b = 0, or x0 within tol): return `history.converged(x)`. */
  solved: boolean;
}

export function startKrylov<T extends Real, O extends StopOptions>(
  solver: string,
  defaults: Readonly<O>,
  apply: LinearOperator,
  b: Real,
  x0: T,
  given: Partial<O> | undefined,
): KrylovStart<T, O> {
  const opts = resolveOptions(solver, defaults, given);
  checkStopOptions(solver, opts);
  if (b.length !== x0.length) throw new ShapeError(`${solver}: b has length ${b.length}, x0 ${x0.length}`);
  const history = new ResidualHistory(solver, opts);
  history.checkFinite(b, 0);
  history.checkFinite(x0, 0);
  const bNorm = norm(b);
  const x = zerosLike(x0) as T;
  const r = zerosLike(x0) as T;
  if (bNorm === 0) return { opts, history, x, bNorm, r, solved: true };
  x.set(x0);
  const initial = residualInto(apply, b, x, r) / bNorm;
  if (!Number.isFinite(initial)) history.nonFinite(0);
  return { opts, history, x, bNorm, r, solved: initial <= opts.tol };
}
