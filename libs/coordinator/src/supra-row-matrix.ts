import type { SupraOperator } from '@gsn/supragraph';
import { InvalidArgumentError, realArray, ShapeError, type Csr, type DType } from '@gsn/tensor';

/**
 * The real supra-operator K (`@gsn/supragraph`'s `SupraOperator`, with its channel blocks) as one
 * scalar CSR on the flattened state: row i·2c + p is channel p of supra-node i, so a global
 * (N, 2c) state is an (N·2c, 1) column and every product of K, couplings included, is one CSR
 * product. Row (i, p) holds, in this order: its diagonal-block entries (K's row i, channel p
 * only), then the coupling from the previous layer (−W[q,p] on (i − n, q)) and, when
 * penalised, the back-coupling to the next layer (−μ⁻¹W[p,q] on (i + n, q)); every entry of W
 * is kept, zeros included, so the pattern depends on the structure only.
 */
export interface SupraRowMatrix {
  /** In K's precision. */
  readonly matrix: Csr;
  readonly dtype: DType;
  /** Supra-node block of each layer: layer l owns flattened rows [offsets[l]·2c, offsets[l+1]·2c). */
  readonly offsets: Int32Array;
}

export function supraRowMatrix(op: SupraOperator): SupraRowMatrix {
  const { re, im, offsets } = op;
  for (let k = 0; k < im.values.length; k++) {
    if (im.values[k] !== 0) throw new InvalidArgumentError(`supraRowMatrix: entry ${k} of K is complex (${im.values[k]}i); the layer-sharded solve takes real operators (channel couplings)`);
  }
  const w = 2 * op.channels;
  const N = op.nodes;
  const layerOf = new Int32Array(N);
  for (let l = 0; l + 1 < offsets.length; l++) layerOf.fill(l, offsets[l], offsets[l + 1]);
  const couplingInto = new Map(op.channelBlocks.map((b) => [b.layer, b.weight]));
  const back = Number.isFinite(op.penalty) ? 1 / op.penalty : 0;
  const rowPtr = new Int32Array(N * w + 1);
  for (let i = 0; i < N; i++) {
    const l = layerOf[i];
    const count = re.rowPtr[i + 1] - re.rowPtr[i] + (couplingInto.has(l) ? w : 0) + (back && couplingInto.has(l + 1) ? w : 0);
    for (let p = 0; p < w; p++) rowPtr[i * w + p + 1] = count;
  }
  for (let r = 0; r < N * w; r++) rowPtr[r + 1] += rowPtr[r];
  const colIdx = new Int32Array(rowPtr[N * w]);
  const dtype: DType = re.values instanceof Float64Array ? 'float64' : 'float32';
  const values = realArray(dtype, rowPtr[N * w]);
  let m = 0;
  for (let i = 0; i < N; i++) {
    const l = layerOf[i];
    const into = couplingInto.get(l);
    const next = back ? couplingInto.get(l + 1) : undefined;
    for (let p = 0; p < w; p++) {
      for (let k = re.rowPtr[i]; k < re.rowPtr[i + 1]; k++) {
        colIdx[m] = re.colIdx[k] * w + p;
        values[m++] = re.values[k];
      }
      if (into) {
        const previousNode = i - offsets[l] + offsets[l - 1];
        for (let q = 0; q < w; q++) {
          colIdx[m] = previousNode * w + q;
          values[m++] = -into[q * w + p];
        }
      }
      if (next) {
        const nextNode = i - offsets[l] + offsets[l + 1];
        for (let q = 0; q < w; q++) {
          colIdx[m] = nextNode * w + q;
          values[m++] = -back * next[p * w + q];
        }
      }
    }
  }
  const matrix: Csr = { nRows: N * w, nCols: N * w, rowPtr, colIdx, values };
  return { matrix, dtype, offsets };
}

/**
 * For a structurally symmetric CSR (K when penalised), the entry at the transposed position of
 * every entry m, so that Kᵀ's values in K's pattern are `values[transposeEntry[m]]`.
 */
export function transposeEntries(a: Csr): Int32Array {
  const n = a.nRows;
  const where = new Int32Array(n).fill(-1);
  const out = new Int32Array(a.rowPtr[n]);
  const rowOf = new Int32Array(a.rowPtr[n]);
  for (let r = 0; r < n; r++) rowOf.fill(r, a.rowPtr[r], a.rowPtr[r + 1]);
  const byColumn = transposedOrder(a);
  for (let r = 0; r < n; r++) {
    // Mark row r's columns, then pair each entry (j, r) of column r with the marked (r, j).
    for (let k = a.rowPtr[r]; k < a.rowPtr[r + 1]; k++) where[a.colIdx[k]] = k;
    for (let t = byColumn.start[r]; t < byColumn.start[r + 1]; t++) {
      const m = byColumn.entries[t];
      const k = where[rowOf[m]];
      if (k < 0) throw new ShapeError(`supraRowMatrix: entry (${rowOf[m]}, ${r}) has no transposed entry; the pattern is not symmetric (exact, not penalised?)`);
      out[m] = k;
    }
    for (let k = a.rowPtr[r]; k < a.rowPtr[r + 1]; k++) where[a.colIdx[k]] = -1;
  }
  return out;
}

/** The entries of a CSR grouped by column (counting sort). */
function transposedOrder(a: Csr): { start: Int32Array; entries: Int32Array } {
  const n = a.nCols;
  const start = new Int32Array(n + 1);
  for (let m = 0; m < a.rowPtr[a.nRows]; m++) start[a.colIdx[m] + 1]++;
  for (let j = 0; j < n; j++) start[j + 1] += start[j];
  const fill = start.slice(0, n);
  const entries = new Int32Array(a.rowPtr[a.nRows]);
  for (let m = 0; m < entries.length; m++) entries[fill[a.colIdx[m]]++] = m;
  return { start, entries };
}
