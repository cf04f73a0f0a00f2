import type { Csr } from './csr';
import type { Real, RealConstructor } from './real';

/**
 * The transpose of a CSR matrix, by one counting sort over columns (O(nnz + nCols)).
 * The sort is stable, so columns stay sorted within each row of the transpose.
 * `permutation[t]` is the entry of `a` that entry `t` of the transpose came from, so a
 * later change of `a.values` is carried over with `matrix.values[t] = a.values[permutation[t]]`.
 */
export function csrTranspose<T extends Real>(a: Csr<T>): { matrix: Csr<T>; permutation: Int32Array } {
  const n = a.rowPtr[a.nRows];
  const rowPtr = new Int32Array(a.nCols + 1);
  for (let k = 0; k < n; k++) rowPtr[a.colIdx[k] + 1]++;
  for (let j = 0; j < a.nCols; j++) rowPtr[j + 1] += rowPtr[j];
  const next = rowPtr.slice(0, a.nCols);
  const colIdx = new Int32Array(n);
  const permutation = new Int32Array(n);
  const values = new (a.values.constructor as RealConstructor)(n) as T;
  for (let i = 0; i < a.nRows; i++) {
    const end = a.rowPtr[i + 1];
    for (let k = a.rowPtr[i]; k < end; k++) {
      const t = next[a.colIdx[k]]++;
      colIdx[t] = i;
      permutation[t] = k;
      values[t] = a.values[k];
    }
  }
  return { matrix: { nRows: a.nCols, nCols: a.nRows, rowPtr, colIdx, values }, permutation };
}
