import type { Csr } from '@gsn/tensor';

/**
 * The sparsity pattern of `a + diag`: every row of `a` plus its diagonal entry where `a`
 * has none. `fromEntry[p]` is the entry of `a` at position p (-1 for an added diagonal),
 * `diagonal[i]` the position of (i, i). Used for the Laplacians and the GCN adjacency.
 */
export function withDiagonalPattern(a: Csr): {
  rowPtr: Int32Array;
  colIdx: Int32Array;
  fromEntry: Int32Array;
  diagonal: Int32Array;
} {
  const n = a.nRows;
  const rowPtr = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    let hasDiag = 0;
    for (let k = a.rowPtr[i]; k < a.rowPtr[i + 1]; k++) if (a.colIdx[k] === i) hasDiag = 1;
    rowPtr[i + 1] = rowPtr[i] + a.rowPtr[i + 1] - a.rowPtr[i] + 1 - hasDiag;
  }
  const total = rowPtr[n];
  const colIdx = new Int32Array(total);
  const fromEntry = new Int32Array(total);
  const diagonal = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let p = rowPtr[i];
    let placed = false;
    for (let k = a.rowPtr[i]; k < a.rowPtr[i + 1]; k++) {
      const j = a.colIdx[k];
      if (!placed && j > i) {
        diagonal[i] = p;
        colIdx[p] = i;
        fromEntry[p++] = -1;
        placed = true;
      }
      if (j === i) {
        diagonal[i] = p;
        placed = true;
      }
      colIdx[p] = j;
      fromEntry[p++] = k;
    }
    if (!placed) {
      diagonal[i] = p;
      colIdx[p] = i;
      fromEntry[p] = -1;
    }
  }
  return { rowPtr, colIdx, fromEntry, diagonal };
}
