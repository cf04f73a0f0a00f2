import { InvalidArgumentError, ShapeError, type Csr, type Real } from '@gsn/tensor';
import { sharedInt32 } from './shared';

/**
 * How a square CSR matrix is laid out for a sharded solve. Rows are renumbered so that part p
 * owns the contiguous block [rowStart[p], rowStart[p+1]); the matrix, with columns renumbered
 * the same way and each row's entries kept in their original order (so every row sum is the
 * same arithmetic as the unsharded product), sits in shared memory once for all workers.
 * `halo[p]` counts the distinct columns part p reads from other parts per product: the
 * entries of x exchanged through the shared state each iteration.
 */
export interface ShardPlan<T extends Real = Real> {
  readonly n: number;
  readonly parts: number;
  /** perm[newRow] = original row (shared, for workers that write rows in original order). */
  readonly perm: Int32Array;
  /** inverse[originalRow] = new row. */
  readonly inverse: Int32Array;
  readonly rowStart: Int32Array;
  /** The renumbered matrix, its arrays on SharedArrayBuffers. */
  readonly matrix: Csr<T>;
  /** entryOf[m] = index in the original matrix of the renumbered matrix's entry m. */
  readonly entryOf: Int32Array;
  /** The original column of the renumbered matrix's entry m (shared): rows in plan order, columns not renumbered. */
  readonly originalColIdx: Int32Array;
  readonly halo: Int32Array;
}

export function createShardPlan<T extends Real>(a: Csr<T>, part: Int32Array, parts: number): ShardPlan<T> {
  const n = a.nRows;
  if (a.nCols !== n) throw new ShapeError(`createShardPlan: matrix is ${n} x ${a.nCols}, not square`);
  if (part.length !== n) throw new ShapeError(`createShardPlan: partition has ${part.length} entries for ${n} rows`);
  const rowStart = new Int32Array(parts + 1);
  for (let i = 0; i < n; i++) {
    const p = part[i];
    if (!(p >= 0 && p < parts)) throw new InvalidArgumentError(`partition: row ${i} is in part ${p}, outside [0, ${parts})`);
    rowStart[p + 1]++;
  }
  for (let p = 0; p < parts; p++) rowStart[p + 1] += rowStart[p];
  const fill = rowStart.slice(0, parts);
  const perm = new Int32Array(n);
  const inverse = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = fill[part[i]]++;
    perm[r] = i;
    inverse[i] = r;
  }
  const nnz = a.rowPtr[n];
  const rowPtr = new Int32Array(n + 1);
  const colIdx = new Int32Array(nnz);
  const entryOf = new Int32Array(nnz);
  const originalColIdx = new Int32Array(nnz);
  const shared = new SharedArrayBuffer(nnz * a.values.BYTES_PER_ELEMENT);
  const values = (a.values instanceof Float64Array ? new Float64Array(shared) : new Float32Array(shared)) as T;
  let m = 0;
  for (let r = 0; r < n; r++) {
    const i = perm[r];
    for (let k = a.rowPtr[i]; k < a.rowPtr[i + 1]; k++) {
      colIdx[m] = inverse[a.colIdx[k]];
      originalColIdx[m] = a.colIdx[k];
      values[m] = a.values[k];
      entryOf[m] = k;
      m++;
    }
    rowPtr[r + 1] = m;
  }
  const halo = new Int32Array(parts);
  const seen = new Int32Array(n).fill(-1);
  for (let p = 0; p < parts; p++) {
    for (let k = rowPtr[rowStart[p]]; k < rowPtr[rowStart[p + 1]]; k++) {
      const j = colIdx[k];
      if ((j < rowStart[p] || j >= rowStart[p + 1]) && seen[j] !== p) {
        seen[j] = p;
        halo[p]++;
      }
    }
  }
  return {
    n,
    parts,
    perm: sharedInt32(perm),
    inverse,
    rowStart,
    matrix: { nRows: n, nCols: n, rowPtr: sharedInt32(rowPtr), colIdx: sharedInt32(colIdx), values },
    entryOf,
    originalColIdx: sharedInt32(originalColIdx),
    halo,
  };
}

/** out[inverse[i] * cols + c] = x[i * cols + c]: original order -> plan order. */
export function permuteRows(plan: ShardPlan, x: Real, cols: number, out: Real): void {
  checkRows('permuteRows', plan, x, cols, out);
  for (let i = 0; i < plan.n; i++) {
    const r = plan.inverse[i] * cols;
    const s = i * cols;
    for (let c = 0; c < cols; c++) out[r + c] = x[s + c];
  }
}

/** The inverse of `permuteRows`: plan order -> original order. */
export function unpermuteRows(plan: ShardPlan, x: Real, cols: number, out: Real): void {
  checkRows('unpermuteRows', plan, x, cols, out);
  for (let r = 0; r < plan.n; r++) {
    const i = plan.perm[r] * cols;
    const s = r * cols;
    for (let c = 0; c < cols; c++) out[i + c] = x[s + c];
  }
}

function checkRows(op: string, plan: ShardPlan, x: Real, cols: number, out: Real): void {
  if (x.length < plan.n * cols || out.length < plan.n * cols) {
    throw new ShapeError(`${op}: arrays of ${x.length} and ${out.length} entries for ${plan.n} x ${cols}`);
  }
}
