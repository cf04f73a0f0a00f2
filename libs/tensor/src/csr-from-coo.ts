import type { Csr } from './csr';
import { ShapeError } from './errors';
import { realArray, type DType, type Real } from './real';

/**
 * Builds a CSR matrix from coordinate triplets (rows[k], cols[k], values[k]) in any order:
 * entries are sorted by (row, column) with two stable counting sorts (O(nnz + nRows + nCols))
 * and duplicates are summed, as in `scipy.sparse.coo_matrix.tocsr`. Explicit zeros are kept,
 * so the pattern (and with it the learnable edge set) is exactly the one given.
 */
export function csrFromCoo(
  nRows: number,
  nCols: number,
  rows: ArrayLike<number>,
  cols: ArrayLike<number>,
  values: ArrayLike<number>,
  dtype: DType,
): Csr<Real> {
  const n = rows.length;
  if (cols.length !== n || values.length !== n) {
    throw new ShapeError(`csrFromCoo: rows, cols and values have lengths ${n}, ${cols.length}, ${values.length}`);
  }
  if (!Number.isInteger(nRows) || nRows < 0 || !Number.isInteger(nCols) || nCols < 0) {
    throw new ShapeError(`csrFromCoo: shape ${nRows} x ${nCols} is not a shape`);
  }
  for (let k = 0; k < n; k++) {
    const i = rows[k];
    const j = cols[k];
    if (!(Number.isInteger(i) && i >= 0 && i < nRows && Number.isInteger(j) && j >= 0 && j < nCols)) {
      throw new ShapeError(`csrFromCoo: entry ${k} at (${i}, ${j}) lies outside ${nRows} x ${nCols}`);
    }
  }
  // Counting sort by column, then a stable counting sort by row: order is (row, column).
  const byCol = countingOrder(cols, nCols, null);
  const order = countingOrder(rows, nRows, byCol);

  const rowPtr = new Int32Array(nRows + 1);
  const colIdx = new Int32Array(n);
  const summed = realArray(dtype, n);
  let m = 0;
  let prevRow = -1;
  let prevCol = -1;
  for (let t = 0; t < n; t++) {
    const k = order[t];
    const i = rows[k];
    const j = cols[k];
    if (i === prevRow && j === prevCol) {
      summed[m - 1] += values[k];
      continue;
    }
    colIdx[m] = j;
    summed[m] = values[k];
    rowPtr[i + 1]++;
    m++;
    prevRow = i;
    prevCol = j;
  }
  for (let i = 0; i < nRows; i++) rowPtr[i + 1] += rowPtr[i];
  return { nRows, nCols, rowPtr, colIdx: colIdx.slice(0, m), values: summed.slice(0, m) };
}

/** Stable order of `keys` (each in [0, range)), visiting `within` (or 0..n-1) as the tie order. */
function countingOrder(keys: ArrayLike<number>, range: number, within: Int32Array | null): Int32Array {
  const n = keys.length;
  const start = new Int32Array(range + 1);
  for (let k = 0; k < n; k++) start[keys[k] + 1]++;
  for (let r = 0; r < range; r++) start[r + 1] += start[r];
  const order = new Int32Array(n);
  for (let t = 0; t < n; t++) {
    const k = within === null ? t : within[t];
    order[start[keys[k]]++] = k;
  }
  return order;
}
