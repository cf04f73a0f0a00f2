/**
 * Test problems for specs of solvers and of the libs built on them (float64, seeded).
 */
import { symmetricEigen, type Real, type Rng } from '@gsn/tensor';
import { denseOperator } from './dense-operator';
import type { ForwardBackwardProblem } from './forward-backward';

/** max_i |a_i − b_i|. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** Row-major rows×cols matrix of independent N(0, scale²) entries. */
export function randomMatrix(rows: number, cols: number, rng: Rng, scale = 1): Float64Array {
  const a = new Float64Array(rows * cols);
  for (let i = 0; i < a.length; i++) a[i] = scale * rng.normal();
  return a;
}

export function randomVector(n: number, rng: Rng): Float64Array {
  return randomMatrix(n, 1, rng);
}

/** A = BᵀB + κI with B n×n Gaussian of entry scale `bScale` (so λ_min(A) ≥ κ). */
export function randomSpd(n: number, kappa: number, rng: Rng, bScale = 1 / Math.sqrt(n)): Float64Array {
  const b = randomMatrix(n, n, rng, bScale);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += b[k * n + i] * b[k * n + j];
      a[i * n + j] = a[j * n + i] = s + (i === j ? kappa : 0);
    }
  }
  return a;
}

/** Prox of the indicator of z ≥ 0 (ReLU), any α. */
export function reluProx(z: Real, _alpha: number, out: Real): void {
  for (let i = 0; i < z.length; i++) out[i] = z[i] > 0 ? z[i] : 0;
}

/** min ½zᵀAz − sᵀz over z ≥ 0 as a forward–backward problem (A dense row-major SPD). */
export function reluProblem(a: Float64Array, n: number, source: Real, alpha: number): ForwardBackwardProblem {
  return { applyA: denseOperator(a, n), source, prox: reluProx, alpha };
}

/** Q diag(values) Qᵀ for a random orthogonal Q (n = values.length). */
export function symmetricWithSpectrum(values: readonly number[], rng: Rng): Float64Array {
  const n = values.length;
  const b = randomMatrix(n, n, rng);
  const sym = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) sym[i * n + j] = b[i * n + j] + b[j * n + i];
  const q = symmetricEigen(sym, n).vectors;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += q[i * n + k] * values[k] * q[j * n + k];
      a[i * n + j] = s;
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) a[i * n + j] = a[j * n + i];
  return a;
}
