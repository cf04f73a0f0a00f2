/**
 * Conjugate gradients for A x = b, A symmetric positive definite (SPEC 4.4(d), adjoint
 * solves of 4.5). Error after k steps ≤ 2((√c − 1)/(√c + 1))^k in the A-norm, c = cond(A).
 */
import { zerosLike, type Real } from '@gsn/tensor';
import { KRYLOV_DEFAULTS, startKrylov, type KrylovOptions } from './krylov';
import type { LinearOperator } from './operator';
import type { SolveResult } from './stopping';
import { dot, residualInto } from './vector';

/**
 * Residual ‖b − Ax_k‖ / ‖b‖ (recurrence; checked against the true residual before
 * reporting convergence, and CG restarts from x_k if they disagree). A step with
 * pᵀAp ≤ 0 means A is not positive definite: reported as a failure ('breakdown').
 */
export function cg<T extends Real>(apply: LinearOperator, b: Real, x0: T, opts?: Partial<KrylovOptions>): SolveResult<T> {
  const solver = 'cg';
  const { opts: o, history, x, bNorm, r, solved } = startKrylov(solver, KRYLOV_DEFAULTS, apply, b, x0, opts);
  if (solved) return history.converged(x);
  const p = zerosLike(x0);
  const ap = zerosLike(x0);

  // A pass runs until the recurrence says converged; the true residual then decides.
  for (;;) {
    p.set(r);
    let rr = dot(r, r);
    for (;;) {
      apply(p, ap);
      const pap = dot(p, ap);
      if (!Number.isFinite(pap)) history.nonFinite(history.iterations + 1);
      if (!(pap > 0)) {
        return history.failed(
          x,
          `breakdown: pᵀAp = ${pap} ≤ 0 at iteration ${history.iterations + 1} (operator not positive definite)`,
        );
      }
      const a = rr / pap;
      for (let i = 0; i < x.length; i++) {
        x[i] += a * p[i];
        r[i] -= a * ap[i];
      }
      const rrNext = dot(r, r);
      if (history.record(Math.sqrt(rrNext) / bNorm)) break;
      if (history.iterations >= o.maxIter) return history.maxIterationsReached(x);
      const ratio = rrNext / rr;
      for (let i = 0; i < p.length; i++) p[i] = r[i] + ratio * p[i];
      rr = rrNext;
    }
    if (history.correctLast(residualInto(apply, b, x, r) / bNorm)) return history.converged(x);
    if (history.iterations >= o.maxIter) return history.maxIterationsReached(x);
  }
}
