/**
 * Eigen-decomposition of small symmetric matrices by cyclic Jacobi rotations: short, needs no
 * shifts or deflation, and gives eigenvectors orthonormal to round-off, which the exactness tests
 * (null spaces to 1e-12) need.
 */
import { ConvergenceError, InvalidArgumentError } from '../errors';
import { jacobiCosSin, rotatePair } from './jacobi-rotation';
import { checkSquare } from './matrix';

export interface SymmetricEigen {
  /** Ascending. */
  readonly values: Float64Array;
  /** Row-major n×n; column j is the unit eigenvector of values[j]. */
  readonly vectors: Float64Array;
}

const MAX_SWEEPS = 60;

/**
 * Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations (accurate to a few ε
 * relative to ‖A‖; O(n³) per sweep, for n ≤ ~200). A must be symmetric to 1e-10 relative
 * (else `InvalidArgumentError`); it is symmetrised (½(A + Aᵀ)) before use. Non-finite entries or
 * no convergence in `maxSweeps` sweeps throw `ConvergenceError` with the off-diagonal norms.
 */
export function symmetricEigen(A: Float64Array, n: number, maxSweeps = MAX_SWEEPS): SymmetricEigen {
  checkSquare(A, n, 'symmetricEigen');
  const a = new Float64Array(n * n);
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.abs(A[i]));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (Math.abs(A[i * n + j] - A[j * n + i]) > 1e-10 * scale) {
        throw new InvalidArgumentError(`symmetricEigen: matrix is not symmetric (entries (${i}, ${j}) and (${j}, ${i}) differ)`);
      }
      a[i * n + j] = 0.5 * (A[i * n + j] + A[j * n + i]);
    }
  }
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  let frobenius2 = 0;
  for (let i = 0; i < n * n; i++) frobenius2 += a[i] * a[i];
  const residuals: number[] = [];
  // Quadratic convergence: once the off-diagonal mass is at rounding level, one sweep ends it.
  for (let sweep = 0; ; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q] * a[p * n + q];
    residuals.push(Math.sqrt(off));
    if (!(Number.isFinite(off) && Number.isFinite(frobenius2))) {
      throw new ConvergenceError('symmetricEigen: non-finite entries', residuals);
    }
    if (off <= Number.EPSILON ** 2 * frobenius2) break;
    if (sweep === maxSweeps) throw new ConvergenceError('symmetricEigen: Jacobi did not converge', residuals);
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        const [c, s] = jacobiCosSin((a[q * n + q] - a[p * n + p]) / (2 * apq));
        rotatePair(a, p, q, n, n, c, s); // columns p, q
        rotatePair(a, p * n, q * n, 1, n, c, s); // rows p, q
        rotatePair(v, p, q, n, n, c, s);
        a[p * n + q] = 0;
        a[q * n + p] = 0;
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[i * n + i] - a[j * n + j]);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => {
    values[dst] = a[src * n + src];
    for (let k = 0; k < n; k++) vectors[k * n + dst] = v[k * n + src];
  });
  return { values, vectors };
}

/** Ascending eigenvalues of a symmetric matrix (Jacobi; see `symmetricEigen`). */
export function symmetricEigenvalues(A: Float64Array, n: number): Float64Array {
  return symmetricEigen(A, n).values;
}
