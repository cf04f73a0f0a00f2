/**
 * Sorts entries (rows[k], cols[k]) into CSR order with two stable counting sorts
 * (by column, then by row), O(entries + size). `order[p]` is the entry placed at CSR
 * position p, so ties keep their input order.
 */
export function csrOrder(
  nRows: number,
  nCols: number,
  rows: Int32Array,
  cols: Int32Array,
): { rowPtr: Int32Array; colIdx: Int32Array; order: Int32Array } {
  const m = rows.length;
  const byCol = countingSort(nCols, cols, identity(m));
  const order = countingSort(nRows, rows, byCol);
  const rowPtr = new Int32Array(nRows + 1);
  for (let k = 0; k < m; k++) rowPtr[rows[k] + 1]++;
  for (let i = 0; i < nRows; i++) rowPtr[i + 1] += rowPtr[i];
  const colIdx = new Int32Array(m);
  for (let p = 0; p < m; p++) colIdx[p] = cols[order[p]];
  return { rowPtr, colIdx, order };
}

function identity(m: number): Int32Array {
  const out = new Int32Array(m);
  for (let k = 0; k < m; k++) out[k] = k;
  return out;
}

/** Stable counting sort of the entries listed in `input` by `key[entry]` in [0, size). */
function countingSort(size: number, key: Int32Array, input: Int32Array): Int32Array {
  const start = new Int32Array(size + 1);
  for (let p = 0; p < input.length; p++) start[key[input[p]] + 1]++;
  for (let i = 0; i < size; i++) start[i + 1] += start[i];
  const out = new Int32Array(input.length);
  for (let p = 0; p < input.length; p++) {
    const entry = input[p];
    out[start[key[entry]]++] = entry;
  }
  return out;
}
