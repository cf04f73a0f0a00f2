/**
 * LU factorisation with partial pivoting, PA = LU, and what it gives: solves and inverses of
 * small dense square matrices (row-major n x n Float64Array).
 */
import { InvalidArgumentError, ShapeError } from '../errors';
import { checkSquare } from './matrix';

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

/** LU factors of a copy of A, or `InvalidArgumentError` when A is singular to working precision. */
function luFactor(A: Float64Array, n: number, name: string): { LU: Float64Array; pivots: Int32Array } {
  checkSquare(A, n, name);
  const LU = Float64Array.from(A);
  const pivots = new Int32Array(n);
  if (!luFactorInPlace(LU, n, pivots)) throw new InvalidArgumentError(`${name}: matrix is singular to working precision`);
  return { LU, pivots };
}

/**
 * x = A⁻¹ b by LU with partial pivoting (A row-major n×n; A and b are left unchanged).
 * Throws `InvalidArgumentError` when A is singular to working precision.
 */
export function denseSolve(A: Float64Array, n: number, b: Float64Array): Float64Array {
  checkSquare(A, n, 'denseSolve');
  if (b.length !== n) throw new ShapeError(`denseSolve: right-hand side has length ${b.length}, expected ${n}`);
  const { LU, pivots } = luFactor(A, n, 'denseSolve');
  const x = Float64Array.from(b);
  luSolveInPlace(LU, n, pivots, x);
  return x;
}

/**
 * A⁻¹ (row-major n×n; A is left unchanged), one LU factorisation and n solves against the unit
 * vectors. Throws `InvalidArgumentError` when A is singular to working precision.
 */
export function inverse(A: Float64Array, n: number): Float64Array {
  const { LU, pivots } = luFactor(A, n, 'inverse');
  const inv = new Float64Array(n * n);
  const e = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    e.fill(0);
    e[c] = 1;
    luSolveInPlace(LU, n, pivots, e);
    for (let r = 0; r < n; r++) inv[r * n + c] = e[r];
  }
  return inv;
}
