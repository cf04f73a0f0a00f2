import type { Csr } from '../../csr';
import { ShapeError } from '../../errors';
import type { Real } from '../../real';

/**
 * Backend-free CSR loops shared by every backend's kernel (tfjs `*_impl.ts` style).
 * Dense operands are row-major with `f` columns. Each loop keeps the row bounds in
 * locals and runs its innermost loop over `f` contiguous entries, so V8 compiles it to
 * a tight load/multiply/add over two cache-resident rows. The `*Loop` forms take the raw
 * arrays (a wasm kernel passes views of its heap); the `*Into` forms check shapes first.
 * The inner loops are unrolled by four (V8 does not vectorise; this still halves the time).
 */

/** out (nRows x f) = A X, with X (nCols x f); out is overwritten. */
export function spmmLoop(
  nRows: number,
  rowPtr: Int32Array,
  colIdx: Int32Array,
  values: Real,
  x: Real,
  f: number,
  out: Real,
): void {
  if (f === 1) {
    for (let i = 0; i < nRows; i++) {
      const end = rowPtr[i + 1];
      let s = 0;
      for (let k = rowPtr[i]; k < end; k++) s += values[k] * x[colIdx[k]];
      out[i] = s;
    }
    return;
  }
  out.fill(0, 0, nRows * f);
  for (let i = 0; i < nRows; i++) {
    const end = rowPtr[i + 1];
    const o = i * f;
    const oEnd = o + f;
    for (let k = rowPtr[i]; k < end; k++) {
      const v = values[k];
      let xj = colIdx[k] * f;
      let p = o;
      for (; p + 3 < oEnd; p += 4, xj += 4) {
        out[p] += v * x[xj];
        out[p + 1] += v * x[xj + 1];
        out[p + 2] += v * x[xj + 2];
        out[p + 3] += v * x[xj + 3];
      }
      for (; p < oEnd; p++) out[p] += v * x[xj++];
    }
  }
}

/** out (nCols x f) = Aᵀ Y, with Y (nRows x f); a scatter over the rows of A, out is overwritten. */
export function spmmTransposeLoop(
  nRows: number,
  nCols: number,
  rowPtr: Int32Array,
  colIdx: Int32Array,
  values: Real,
  y: Real,
  f: number,
  out: Real,
): void {
  out.fill(0, 0, nCols * f);
  for (let i = 0; i < nRows; i++) {
    const end = rowPtr[i + 1];
    const yi = i * f;
    const yEnd = yi + f;
    for (let k = rowPtr[i]; k < end; k++) {
      const v = values[k];
      let o = colIdx[k] * f;
      let p = yi;
      for (; p + 3 < yEnd; p += 4, o += 4) {
        out[o] += v * y[p];
        out[o + 1] += v * y[p + 1];
        out[o + 2] += v * y[p + 2];
        out[o + 3] += v * y[p + 3];
      }
      for (; p < yEnd; p++) out[o++] += v * y[p];
    }
  }
}

/** out[k] = <dy[i, :], x[colIdx[k], :]> for every entry k of row i (sampled dense-dense product). */
export function sddmmLoop(
  nRows: number,
  rowPtr: Int32Array,
  colIdx: Int32Array,
  dy: Real,
  x: Real,
  f: number,
  out: Real,
): void {
  for (let i = 0; i < nRows; i++) {
    const end = rowPtr[i + 1];
    const di = i * f;
    const dEnd = di + f;
    for (let k = rowPtr[i]; k < end; k++) {
      let xj = colIdx[k] * f;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let p = di;
      for (; p + 3 < dEnd; p += 4, xj += 4) {
        s0 += dy[p] * x[xj];
        s1 += dy[p + 1] * x[xj + 1];
        s2 += dy[p + 2] * x[xj + 2];
        s3 += dy[p + 3] * x[xj + 3];
      }
      for (; p < dEnd; p++) s0 += dy[p] * x[xj++];
      out[k] = s0 + s1 + (s2 + s3);
    }
  }
}

function checkLength(op: string, name: string, array: Real, rows: number, cols: number): void {
  if (array.length !== rows * cols) {
    throw new ShapeError(`${op}: ${name} has length ${array.length}, expected ${rows} x ${cols} = ${rows * cols}`);
  }
}

function checkCols(op: string, cols: number): void {
  if (!Number.isInteger(cols) || cols < 0) throw new ShapeError(`${op}: column count ${cols} is not a count`);
}

/**
 * out = A X. X is row-major (a.nCols x nColsX), out (a.nRows x nColsX) is overwritten.
 *
 *   out[i, :] = Σ_k values[k] X[colIdx[k], :]   over rowPtr[i] <= k < rowPtr[i+1]
 */
export function spmmInto(a: Csr, x: Real, nColsX: number, out: Real): void {
  checkCols('spmmInto', nColsX);
  checkLength('spmmInto', 'x', x, a.nCols, nColsX);
  checkLength('spmmInto', 'out', out, a.nRows, nColsX);
  spmmLoop(a.nRows, a.rowPtr, a.colIdx, a.values, x, nColsX, out);
}

/** out = Aᵀ Y. Y is row-major (a.nRows x nColsY), out (a.nCols x nColsY) is overwritten. */
export function spmmTransposeInto(a: Csr, y: Real, nColsY: number, out: Real): void {
  checkCols('spmmTransposeInto', nColsY);
  checkLength('spmmTransposeInto', 'y', y, a.nRows, nColsY);
  checkLength('spmmTransposeInto', 'out', out, a.nCols, nColsY);
  spmmTransposeLoop(a.nRows, a.nCols, a.rowPtr, a.colIdx, a.values, y, nColsY, out);
}

/**
 * out[k] = <dy[i, :], x[colIdx[k], :]> for each entry k (in row i) of A's pattern: the gradient
 * of sum(dy ∘ A X) with respect to a.values. dy is (a.nRows x nCols), x (a.nCols x nCols),
 * out has one entry per stored entry of A.
 */
export function sddmmInto(a: Csr, dy: Real, x: Real, nCols: number, out: Real): void {
  checkCols('sddmmInto', nCols);
  checkLength('sddmmInto', 'dy', dy, a.nRows, nCols);
  checkLength('sddmmInto', 'x', x, a.nCols, nCols);
  const n = a.rowPtr[a.nRows];
  if (out.length !== n) throw new ShapeError(`sddmmInto: out has length ${out.length}, expected nnz = ${n}`);
  sddmmLoop(a.nRows, a.rowPtr, a.colIdx, dy, x, nCols, out);
}
