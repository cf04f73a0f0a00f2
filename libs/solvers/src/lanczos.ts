/**
 * Extreme eigenvalues of a symmetric operator by k Lanczos steps with full
 * reorthogonalisation (so no ghost copies; k ≤ ~100). Used to check that a layer sits on a
 * stable branch, λ_min(H + ∇²Φ) > 0 (SPEC 4.2), and to bound Λ for the step α.
 */
import { ConvergenceError, InvalidArgumentError, ShapeError, symmetricEigen, type Rng } from '@gsn/tensor';
import type { LinearOperator } from './operator';
import { dot, norm } from './vector';

export interface LanczosExtremes {
  /** Smallest Ritz value θ_min ≥ λ_min. */
  min: number;
  /** Largest Ritz value θ_max ≤ λ_max. */
  max: number;
  /**
   * ‖A y − θ_min y‖ for the unit Ritz vector y: some eigenvalue lies within it of θ_min.
   * Small means θ_min is accurate, but a smaller eigenvalue the start vector barely
   * touched can still be missed; λ_min > 0 claims need min − minResidual > 0 and enough k.
   */
  minResidual: number;
  /** ‖A y − θ_max y‖ for the unit Ritz vector of θ_max. */
  maxResidual: number;
  /** Lanczos steps done (< k when an invariant subspace was found: then the values are exact). */
  steps: number;
}

/**
 * k Lanczos steps on the symmetric operator `apply` (on Float64Array vectors of length n)
 * from a random unit start vector drawn from `rng`.
 */
export function lanczosExtremes(apply: LinearOperator, n: number, k: number, rng: Rng): LanczosExtremes {
  if (!(Number.isInteger(n) && n >= 1)) throw new InvalidArgumentError(`lanczosExtremes: n must be an integer ≥ 1, got ${n}`);
  if (!(Number.isInteger(k) && k >= 1)) throw new InvalidArgumentError(`lanczosExtremes: k must be an integer ≥ 1, got ${k}`);
  const steps = Math.min(k, n);
  const basis: Float64Array[] = [];
  const alphas: number[] = [];
  const betas: number[] = [];
  let q = new Float64Array(n);
  for (let i = 0; i < n; i++) q[i] = rng.normal();
  const q0Norm = norm(q);
  for (let i = 0; i < n; i++) q[i] /= q0Norm;
  const w = new Float64Array(n);
  let lastBeta = 0;
  let scale = 0; // max |α|, β so far: a β below 1e-12·scale is an invariant subspace
  for (let j = 0; j < steps; j++) {
    basis.push(q);
    apply(q, w);
    if (w.length !== n) throw new ShapeError(`lanczosExtremes: operator wrote ${w.length} values, expected ${n}`);
    const alpha = dot(q, w);
    if (!Number.isFinite(alpha)) {
      throw new ConvergenceError(`lanczosExtremes: non-finite value at iteration ${j + 1}`, []);
    }
    alphas.push(alpha);
    // Full reorthogonalisation, twice (Kahan: twice is enough).
    for (let sweep = 0; sweep < 2; sweep++) {
      for (const v of basis) {
        const h = dot(w, v);
        for (let i = 0; i < n; i++) w[i] -= h * v[i];
      }
    }
    lastBeta = norm(w);
    scale = Math.max(scale, Math.abs(alpha), lastBeta);
    if (j === steps - 1 || lastBeta <= 1e-12 * scale) break;
    betas.push(lastBeta);
    q = new Float64Array(n);
    for (let i = 0; i < n; i++) q[i] = w[i] / lastBeta;
  }
  const m = alphas.length;
  const tridiagonal = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    tridiagonal[i * m + i] = alphas[i];
    if (i + 1 < m) tridiagonal[i * m + i + 1] = tridiagonal[(i + 1) * m + i] = betas[i];
  }
  const { values, vectors } = symmetricEigen(tridiagonal, m);
  // Ritz residual of column c: |β_m · (last component of the eigenvector of T)|.
  const ritzResidual = (c: number) => Math.abs(lastBeta * vectors[(m - 1) * m + c]);
  return {
    min: values[0],
    max: values[m - 1],
    minResidual: ritzResidual(0),
    maxResidual: ritzResidual(m - 1),
    steps: m,
  };
}
