/**
 * Small dense linear algebra (n up to a few hundred), row-major Float64Array matrices:
 * reference solutions for tests, Anderson's least-squares system, Lanczos' tridiagonal.
 */
import { InvalidArgumentError, ShapeError, type Real } from '@gsn/tensor';
import type { LinearOperator } from './operator';

function checkSquare(name: string, A: Float64Array, n: number): void {
  if (!(Number.isInteger(n) && n >= 1)) throw new InvalidArgumentError(`${name}: n must be an integer ≥ 1, got ${n}`);
  if (A.length !== n * n) throw new ShapeError(`${name}: matrix has ${A.length} entries, expected n² = ${n * n}`);
}

/**
 * In-place LU factorisation with partial pivoting, PA = LU (unit L below the diagonal).
 * Returns false when a pivot is ≤ n·ε·max|A| (singular to working precision).
 */
export function luFactorInPlace(A: Float64Array, n: number, pivots: Int32Array): boolean {
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.abs(A[i]));
  const tiny = n * Number.EPSILON * scale;
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(A[i * n + k]) > Math.abs(A[p * n + k])) p = i;
    const pivot = A[p * n + k];
    if (!(Math.abs(pivot) > tiny)) return false;
    pivots[k] = p;
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = A[k * n + j];
        A[k * n + j] = A[p * n + j];
        A[p * n + j] = t;
      }
    }
    for (let i = k + 1; i < n; i++) {
      const l = (A[i * n + k] /= pivot);
      if (l !== 0) for (let j = k + 1; j < n; j++) A[i * n + j] -= l * A[k * n + j];
    }
  }
  return true;
}

/** Solves with the factors of `luFactorInPlace`; `b` is overwritten by the solution. */
export function luSolveInPlace(LU: Float64Array, n: number, pivots: Int32Array, b: Float64Array): void {
  for (let k = 0; k < n; k++) {
    const p = pivots[k];
    if (p !== k) {
      const t = b[k];
      b[k] = b[p];
      b[p] = t;
    }
  }
  for (let i = 1; i < n; i++) {
    let s = b[i];
    for (let j = 0; j < i; j++) s -= LU[i * n + j] * b[j];
    b[i] = s;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    for (let j = i + 1; j < n; j++) s -= LU[i * n + j] * b[j];
    b[i] = s / LU[i * n + i];
  }
}

/**
 * x = A⁻¹ b by LU with partial pivoting (A row-major n×n; A and b are left unchanged).
 * Throws `InvalidArgumentError` when A is singular to working precision.
 */
export function denseSolve(A: Float64Array, n: number, b: Float64Array): Float64Array {
  checkSquare('denseSolve', A, n);
  if (b.length !== n) throw new ShapeError(`denseSolve: right-hand side has length ${b.length}, expected ${n}`);
  const LU = Float64Array.from(A);
  const pivots = new Int32Array(n);
  if (!luFactorInPlace(LU, n, pivots)) throw new InvalidArgumentError('denseSolve: matrix is singular to working precision');
  const x = Float64Array.from(b);
  luSolveInPlace(LU, n, pivots, x);
  return x;
}

/** out = A x for a row-major n×m matrix, as a `LinearOperator` (works in either precision). */
export function denseOperator(A: Float64Array, rows: number, cols: number = rows): LinearOperator {
  if (A.length !== rows * cols) {
    throw new ShapeError(`denseOperator: matrix has ${A.length} entries, expected ${rows}×${cols}`);
  }
  return (x: Real, out: Real) => {
    if (x.length !== cols || out.length !== rows) {
      throw new ShapeError(`denseOperator: ${rows}×${cols} matrix applied to length ${x.length} into length ${out.length}`);
    }
    for (let i = 0; i < rows; i++) {
      let s = 0;
      for (let j = 0; j < cols; j++) s += A[i * cols + j] * x[j];
      out[i] = s;
    }
  };
}

export interface SymmetricEigen {
  /** Ascending. */
  values: Float64Array;
  /** Row-major n×n; column j is the unit eigenvector of values[j]. */
  vectors: Float64Array;
}

/**
 * Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations (accurate to a few ε
 * relative to ‖A‖; O(n³) per sweep, for n ≤ ~200). A must be symmetric to 1e-10 relative;
 * it is symmetrised (½(A + Aᵀ)) before use.
 */
export function symmetricEigen(A: Float64Array, n: number): SymmetricEigen {
  checkSquare('symmetricEigen', A, n);
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
  // Quadratic convergence: once the off-diagonal mass is at rounding level, one sweep ends it.
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q] * a[p * n + q];
    if (off <= Number.EPSILON ** 2 * frobenius2) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
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
