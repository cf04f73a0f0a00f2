/**
 * Small dense matrices (n up to a few hundred) as row-major Float64Arrays with explicit sizes:
 * entry (r, c) of a rows x cols matrix is at `r * cols + c`. Plain O(n³) loops are the right tool
 * at these sizes; the sparse and batched work lives in the kernels.
 */
import { InvalidArgumentError, ShapeError } from '../errors';

/** Throws `ShapeError` unless `a` holds rows x cols entries. */
export function checkMatrix(a: ArrayLike<number>, rows: number, cols: number, name: string): void {
  if (a.length !== rows * cols) throw new ShapeError(`${name}: expected ${rows}x${cols} = ${rows * cols} entries, got ${a.length}`);
}

/** Throws `InvalidArgumentError` for n not an integer ≥ 1, `ShapeError` unless `a` is n x n. */
export function checkSquare(a: ArrayLike<number>, n: number, name: string): void {
  if (!(Number.isInteger(n) && n >= 1)) throw new InvalidArgumentError(`${name}: n must be an integer ≥ 1, got ${n}`);
  if (a.length !== n * n) throw new ShapeError(`${name}: matrix has ${a.length} entries, expected n² = ${n * n}`);
}

/** C = A B with A (m x k), B (k x n). */
export function matMul(a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  checkMatrix(a, m, k, 'matMul A');
  checkMatrix(b, k, n, 'matMul B');
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

/** Aᵀ of A (rows x cols). */
export function transpose(a: Float64Array, rows: number, cols: number): Float64Array {
  checkMatrix(a, rows, cols, 'transpose');
  const t = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = a[r * cols + c];
  return t;
}

/** y = A x with A (rows x cols). */
export function matVec(a: Float64Array, rows: number, cols: number, x: ArrayLike<number>): Float64Array {
  checkMatrix(a, rows, cols, 'matVec A');
  if (x.length !== cols) throw new ShapeError(`matVec: x has ${x.length} entries, A has ${cols} columns`);
  const y = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let c = 0; c < cols; c++) s += a[r * cols + c] * x[c];
    y[r] = s;
  }
  return y;
}

export function identityMatrix(n: number): Float64Array {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) m[i * n + i] = 1;
  return m;
}

export function dot(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) throw new ShapeError(`dot: lengths ${x.length} and ${y.length}`);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s;
}

/** Euclidean norm of a vector. */
export function norm2(x: ArrayLike<number>): number {
  return Math.sqrt(dot(x, x));
}

/** ‖A‖_F, the Euclidean norm of the entries. */
export function frobeniusNorm(a: ArrayLike<number>): number {
  return norm2(a);
}

/** ⟨A, B⟩_F = Σ A_ij B_ij. */
export function frobeniusInner(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new ShapeError(`frobeniusInner: expected length ${a.length}, got ${b.length}`);
  return dot(a, b);
}

export function trace(a: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i * n + i];
  return s;
}

/** Bᵀ A B for symmetric A (n x n) and B (n x k): the restriction of a quadratic form to range(B). */
export function congruence(a: Float64Array, n: number, b: Float64Array, k: number): Float64Array {
  const ab = matMul(a, b, n, n, k);
  return matMul(transpose(b, n, k), ab, k, n, k);
}

/** Columns [from, to) of M (rows x cols) as a rows x (to - from) matrix. */
export function columns(m: Float64Array, rows: number, cols: number, from: number, to: number): Float64Array {
  const k = to - from;
  const out = new Float64Array(rows * k);
  for (let r = 0; r < rows; r++) for (let c = 0; c < k; c++) out[r * k + c] = m[r * cols + from + c];
  return out;
}
