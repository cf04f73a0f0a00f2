import { ConvergenceError, InvalidArgumentError, ShapeError } from '@gsn/tensor';
import type { Rng } from '@gsn/tensor';

/**
 * Small dense linear algebra for the algebra layer (which may not import @gsn/solvers).
 * Matrices are row-major Float64Arrays; sizes are passed explicitly. Sizes here are
 * at most a few hundred, so plain O(n^3) loops are the right tool.
 */

function checkLength(a: Float64Array, length: number, what: string): void {
  if (a.length !== length) throw new ShapeError(`${what}: expected length ${length}, got ${a.length}`);
}

/** C = A B with A (m x k), B (k x n). */
export function matMul(a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  checkLength(a, m * k, 'matMul A');
  checkLength(b, k * n, 'matMul B');
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    const ci = i * n;
    for (let p = 0; p < k; p++) {
      const aip = a[i * k + p];
      if (aip === 0) continue;
      const bp = p * n;
      for (let j = 0; j < n; j++) c[ci + j] += aip * b[bp + j];
    }
  }
  return c;
}

/** Aᵀ for A (rows x cols). */
export function transpose(a: Float64Array, rows: number, cols: number): Float64Array {
  checkLength(a, rows * cols, 'transpose');
  const t = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = a[i * cols + j];
  return t;
}

export function identityMatrix(n: number): Float64Array {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) m[i * n + i] = 1;
  return m;
}

export function frobeniusNorm(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s);
}

/** ⟨A, B⟩_F = Σ A_ij B_ij. */
export function frobeniusInner(a: Float64Array, b: Float64Array): number {
  checkLength(b, a.length, 'frobeniusInner');
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

export function trace(a: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i * n + i];
  return s;
}

export interface SymmetricEigen {
  /** Ascending eigenvalues. */
  readonly values: Float64Array;
  /** n x n, column j is the unit eigenvector of values[j]. */
  readonly vectors: Float64Array;
}

/**
 * Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations: accurate to
 * machine precision for the sizes used here (n <= 200), eigenvectors orthonormal.
 */
export function symmetricEigen(input: Float64Array, n: number, maxSweeps = 60): SymmetricEigen {
  checkLength(input, n * n, 'symmetricEigen');
  const a = Float64Array.from(input);
  const v = identityMatrix(n);
  let scale = 0;
  for (let i = 0; i < a.length; i++) scale = Math.max(scale, Math.abs(a[i]));
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++)
      if (Math.abs(a[i * n + j] - a[j * n + i]) > 1e-10 * Math.max(scale, 1))
        throw new InvalidArgumentError(`symmetricEigen: matrix is not symmetric at (${i}, ${j})`);
  const residuals: number[] = [];
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += a[i * n + j] ** 2;
    residuals.push(Math.sqrt(off));
    if (!Number.isFinite(off)) throw new ConvergenceError('symmetricEigen: non-finite entries', residuals);
    if (Math.sqrt(off) <= 1e-15 * Math.max(scale, 1e-300) || off === 0) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        const app = a[p * n + p];
        const aqq = a[q * n + q];
        const theta = (aqq - app) / (2 * apq);
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
      }
    }
    if (sweep === maxSweeps - 1) throw new ConvergenceError('symmetricEigen: Jacobi did not converge', residuals);
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

/** Singular values (descending) of A (rows x cols), via the eigenvalues of AᵀA. */
export function singularValues(a: Float64Array, rows: number, cols: number): Float64Array {
  const ata = matMul(transpose(a, rows, cols), a, cols, rows, cols);
  for (let i = 0; i < cols; i++)
    for (let j = i + 1; j < cols; j++) ata[i * cols + j] = ata[j * cols + i] = 0.5 * (ata[i * cols + j] + ata[j * cols + i]);
  const { values } = symmetricEigen(ata, cols);
  return Float64Array.from(values, (x) => Math.sqrt(Math.max(x, 0))).reverse();
}

/**
 * Orthonormalises the columns of A (rows x cols) in place by modified Gram-Schmidt (twice, for
 * stability) and returns it: the Q of a thin QR. Throws on (numerically) dependent columns.
 */
export function orthonormalizeColumns(a: Float64Array, rows: number, cols: number): Float64Array {
  checkLength(a, rows * cols, 'orthonormalizeColumns');
  for (let j = 0; j < cols; j++) {
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < j; i++) {
        let d = 0;
        for (let r = 0; r < rows; r++) d += a[r * cols + i] * a[r * cols + j];
        for (let r = 0; r < rows; r++) a[r * cols + j] -= d * a[r * cols + i];
      }
    }
    let norm = 0;
    for (let r = 0; r < rows; r++) norm += a[r * cols + j] ** 2;
    norm = Math.sqrt(norm);
    if (norm < 1e-12) throw new InvalidArgumentError(`orthonormalizeColumns: column ${j} is dependent`);
    for (let r = 0; r < rows; r++) a[r * cols + j] /= norm;
  }
  return a;
}

/** Inverse of a square matrix by Gauss-Jordan with partial pivoting. */
export function inverse(input: Float64Array, n: number): Float64Array {
  checkLength(input, n * n, 'inverse');
  const a = Float64Array.from(input);
  const inv = identityMatrix(n);
  const scale = Math.max(frobeniusNorm(a), 1e-300);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r * n + col]) > Math.abs(a[pivot * n + col])) pivot = r;
    if (Math.abs(a[pivot * n + col]) < 1e-13 * scale) throw new InvalidArgumentError('inverse: matrix is singular');
    if (pivot !== col) {
      for (let k = 0; k < n; k++) {
        [a[col * n + k], a[pivot * n + k]] = [a[pivot * n + k], a[col * n + k]];
        [inv[col * n + k], inv[pivot * n + k]] = [inv[pivot * n + k], inv[col * n + k]];
      }
    }
    const d = 1 / a[col * n + col];
    for (let k = 0; k < n; k++) {
      a[col * n + k] *= d;
      inv[col * n + k] *= d;
    }
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = a[r * n + col];
      if (f === 0) continue;
      for (let k = 0; k < n; k++) {
        a[r * n + k] -= f * a[col * n + k];
        inv[r * n + k] -= f * inv[col * n + k];
      }
    }
  }
  return inv;
}

/** A Haar-random orthogonal n x n matrix (Gram-Schmidt QR of a Gaussian matrix, R with positive diagonal). */
export function randomOrthogonal(n: number, rng: Rng): Float64Array {
  const g = Float64Array.from({ length: n * n }, () => rng.normal());
  return orthonormalizeColumns(g, n, n);
}
