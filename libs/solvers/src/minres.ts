/**
 * MINRES (Paige & Saunders 1975) for A x = b, A symmetric, possibly indefinite and
 * nonsingular: x_k minimises ‖b − Ax‖ over x0 + K_k(A, r0), via Lanczos and Givens rotations.
 */
import { zerosLike, type Real } from '@gsn/tensor';
import { KRYLOV_DEFAULTS, startKrylov, type KrylovOptions } from './krylov';
import type { LinearOperator } from './operator';
import type { SolveResult } from './stopping';
import { dot, norm, residualInto } from './vector';

/**
 * Residual ‖b − Ax_k‖ / ‖b‖ (the rotation estimate φ̄_k; checked against the true
 * residual before reporting convergence, and MINRES restarts from x_k if they disagree).
 */
export function minres<T extends Real>(
  apply: LinearOperator,
  b: Real,
  x0: T,
  opts?: Partial<KrylovOptions>,
): SolveResult<T> {
  const solver = 'minres';
  const { opts: o, history, x, bNorm, r, solved } = startKrylov(solver, KRYLOV_DEFAULTS, apply, b, x0, opts);
  if (solved) return history.converged(x);
  const v = zerosLike(x0);
  let r1 = zerosLike(x0);
  let r2 = zerosLike(x0);
  let y = zerosLike(x0);
  let w = zerosLike(x0);
  let w1 = zerosLike(x0);
  let w2 = zerosLike(x0);

  // A pass runs until the estimate says converged; the true residual then decides.
  for (;;) {
    // r = b − Ax on entry; r2 holds the unnormalised Lanczos vector, r1 the one before.
    r1.set(r);
    r2.set(r);
    w.fill(0);
    w2.fill(0);
    let beta = norm(r);
    let oldb = 0;
    let dbar = 0;
    let epsln = 0;
    let phibar = beta;
    let cs = -1;
    let sn = 0;
    for (let step = 1; ; step++) {
      for (let i = 0; i < v.length; i++) v[i] = r2[i] / beta;
      apply(v, y);
      if (step >= 2) for (let i = 0; i < y.length; i++) y[i] -= (beta / oldb) * r1[i];
      const alfa = dot(v, y);
      for (let i = 0; i < y.length; i++) y[i] -= (alfa / beta) * r2[i];
      [r1, r2, y] = [r2, y, r1];
      oldb = beta;
      beta = norm(r2);
      const oldeps = epsln;
      const delta = cs * dbar + sn * alfa;
      const gbar = sn * dbar - cs * alfa;
      epsln = sn * beta;
      dbar = -cs * beta;
      const gamma = Math.max(Math.hypot(gbar, beta), Number.MIN_VALUE);
      cs = gbar / gamma;
      sn = beta / gamma;
      const phi = cs * phibar;
      phibar = sn * phibar;
      [w1, w2, w] = [w2, w, w1];
      for (let i = 0; i < w.length; i++) {
        w[i] = (v[i] - oldeps * w1[i] - delta * w2[i]) / gamma;
        x[i] += phi * w[i];
      }
      if (history.record(Math.abs(phibar) / bNorm)) break;
      if (history.iterations >= o.maxIter) return history.maxIterationsReached(x);
    }
    if (history.correctLast(residualInto(apply, b, x, r) / bNorm)) return history.converged(x);
    if (history.iterations >= o.maxIter) return history.maxIterationsReached(x);
  }
}
