/**
 * Restarted GMRES(m) (Saad & Schultz 1986) for A x = b, A any nonsingular operator:
 * each cycle minimises ‖b − Ax‖ over x + K_m(A, r), with an Arnoldi basis (modified
 * Gram–Schmidt, reorthogonalised once) and Givens rotations. Converges for every m when
 * the symmetric part of A is definite; otherwise restarts can stall.
 */
import { zerosLike, type Real } from '@gsn/tensor';
import { startKrylov } from './krylov';
import type { LinearOperator } from './operator';
import { checkPositiveInteger, STOP_DEFAULTS, type SolveResult, type StopOptions } from './stopping';
import { dot, norm, residualInto } from './vector';

export interface GmresOptions extends StopOptions {
  /** m: Arnoldi vectors per cycle (memory m + 1 vectors). */
  restart: number;
}

export const GMRES_DEFAULTS: Readonly<GmresOptions> = Object.freeze({ ...STOP_DEFAULTS, restart: 30 });

/**
 * Residual ‖b − Ax_k‖ / ‖b‖ (the rotation estimate inside a cycle, the true residual at
 * its end); `maxIter` counts matvecs of Arnoldi steps over all cycles.
 */
export function gmres<T extends Real>(apply: LinearOperator, b: Real, x0: T, opts?: Partial<GmresOptions>): SolveResult<T> {
  const solver = 'gmres';
  checkPositiveInteger(solver, 'restart', opts?.restart ?? GMRES_DEFAULTS.restart);
  const { opts: o, history, x, bNorm, r, solved } = startKrylov(solver, GMRES_DEFAULTS, apply, b, x0, opts);
  if (solved) return history.converged(x);
  const m = Math.min(o.restart, x.length); // K_n is the whole space
  // basis[0] is r itself: b − Ax, normalised at the start of each cycle.
  const basis = [r, ...Array.from({ length: m }, () => zerosLike(x0))];
  const hess = new Float64Array((m + 1) * m); // column-major: H[i, j] = hess[j * (m + 1) + i]
  const cs = new Float64Array(m);
  const sn = new Float64Array(m);
  const g = new Float64Array(m + 1);
  const yCoef = new Float64Array(m);

  for (;;) {
    const beta = norm(r);
    for (let i = 0; i < r.length; i++) r[i] /= beta;
    g.fill(0);
    g[0] = beta;
    let j = 0;
    let stop = false;
    while (!stop) {
      const wv = basis[j + 1];
      apply(basis[j], wv);
      const col = j * (m + 1);
      for (let i = 0; i <= j; i++) hess[col + i] = 0;
      for (let sweep = 0; sweep < 2; sweep++) {
        for (let i = 0; i <= j; i++) {
          const h = dot(wv, basis[i]);
          hess[col + i] += h;
          for (let k = 0; k < wv.length; k++) wv[k] -= h * basis[i][k];
        }
      }
      const hNext = norm(wv);
      hess[col + j + 1] = hNext;
      if (hNext > 0) for (let k = 0; k < wv.length; k++) wv[k] /= hNext;
      for (let i = 0; i < j; i++) {
        const a = hess[col + i];
        const c = hess[col + i + 1];
        hess[col + i] = cs[i] * a + sn[i] * c;
        hess[col + i + 1] = -sn[i] * a + cs[i] * c;
      }
      const a = hess[col + j];
      const rho = Math.hypot(a, hNext);
      cs[j] = rho === 0 ? 1 : a / rho;
      sn[j] = rho === 0 ? 0 : hNext / rho;
      hess[col + j] = rho;
      hess[col + j + 1] = 0;
      g[j + 1] = -sn[j] * g[j];
      g[j] = cs[j] * g[j];
      j++;
      const estimate = Math.abs(g[j]) / bNorm;
      stop = history.record(estimate) || hNext === 0 || j === m || history.iterations >= o.maxIter;
    }
    // x += V y with H y = g (upper triangular j×j).
    for (let i = j - 1; i >= 0; i--) {
      let s = g[i];
      for (let k = i + 1; k < j; k++) s -= hess[k * (m + 1) + i] * yCoef[k];
      yCoef[i] = hess[i * (m + 1) + i] === 0 ? 0 : s / hess[i * (m + 1) + i];
    }
    for (let k = 0; k < j; k++) {
      const v = basis[k];
      const c = yCoef[k];
      for (let i = 0; i < x.length; i++) x[i] += c * v[i];
    }
    if (history.correctLast(residualInto(apply, b, x, r) / bNorm)) return history.converged(x);
    if (history.iterations >= o.maxIter) return history.maxIterationsReached(x);
  }
}
