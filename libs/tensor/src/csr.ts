import { ShapeError } from './errors';
import type { Real } from './real';

/**
 * A sparse matrix in compressed sparse row form: row i holds the entries
 * `values[k]` at columns `colIdx[k]` for `rowPtr[i] <= k < rowPtr[i + 1]`.
 * Column indices are sorted within a row and unique. Generic over the value precision.
 *
 * Shapes: rowPtr (nRows + 1), colIdx (nnz), values (nnz).
 */
export interface Csr<T extends Real = Real> {
  readonly nRows: number;
  readonly nCols: number;
  readonly rowPtr: Int32Array;
  readonly colIdx: Int32Array;
  readonly values: T;
}

export function nnz(a: Csr): number {
  return a.rowPtr[a.nRows];
}

/** Checks the structural invariants of a CSR matrix; `name` is used in the error message. */
export function validateCsr(a: Csr, name = 'csr'): void {
  if (a.rowPtr.length !== a.nRows + 1) {
    throw new ShapeError(`${name}: rowPtr has length ${a.rowPtr.length}, expected nRows + 1 = ${a.nRows + 1}`);
  }
  if (a.rowPtr[0] !== 0) throw new ShapeError(`${name}: rowPtr[0] is ${a.rowPtr[0]}, expected 0`);
  const n = a.rowPtr[a.nRows];
  if (a.colIdx.length !== n || a.values.length !== n) {
    throw new ShapeError(
      `${name}: rowPtr says ${n} entries but colIdx has ${a.colIdx.length} and values ${a.values.length}`,
    );
  }
  for (let i = 0; i < a.nRows; i++) {
    const start = a.rowPtr[i];
    const end = a.rowPtr[i + 1];
    if (end < start) throw new ShapeError(`${name}: rowPtr decreases at row ${i}`);
    for (let k = start; k < end; k++) {
      const j = a.colIdx[k];
      if (j < 0 || j >= a.nCols) throw new ShapeError(`${name}: row ${i} has column ${j} outside [0, ${a.nCols})`);
      if (k > start && j <= a.colIdx[k - 1]) {
        throw new ShapeError(`${name}: row ${i} has unsorted or repeated column ${j}`);
      }
    }
  }
}
