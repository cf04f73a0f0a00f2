import { InvalidArgumentError, ShapeError } from '@gsn/tensor';
import type { Csr, Real } from '@gsn/tensor';
import { weightedDegrees } from './degrees';
import { withDiagonalPattern } from './diagonal-pattern';
import { realLike } from './real-of';
import type { WeightedGraph } from './weighted-graph';

/**
 * The combinatorial Laplacian L = D - W as CSR (diagonal always stored, also for isolated
 * nodes). A self-loop w_ii appears in both D and W and so cancels: L_ii = sum_{j != i} w_ij.
 * For a directed graph D holds out-degrees (row sums).
 *
 * Shapes: (nodes x nodes).
 */
export function laplacian<T extends Real>(g: WeightedGraph<T>): Csr<T> {
  const a = g.adjacency;
  const { rowPtr, colIdx, fromEntry, diagonal } = withDiagonalPattern(a);
  const values = realLike(g.weights, colIdx.length);
  for (let i = 0; i < g.nodes; i++) {
    let off = 0;
    for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
      const k = fromEntry[p];
      if (k < 0 || colIdx[p] === i) continue;
      values[p] = -a.values[k];
      off += a.values[k];
    }
    values[diagonal[i]] = off;
  }
  return { nRows: g.nodes, nCols: g.nodes, rowPtr, colIdx, values };
}

/**
 * The symmetric-normalized Laplacian I - D^{-1/2} W D^{-1/2} as CSR, with d_i = sum_j w_ij
 * (self-loops included). An isolated node (d_i = 0) gets D^{-1/2}_ii = 0, so its row is the
 * identity row, as in PyG `get_laplacian(normalization='sym')`. Eigenvalues lie in [0, 2]
 * for non-negative weights.
 *
 * Shapes: (nodes x nodes).
 */
export function normalizedLaplacian<T extends Real>(g: WeightedGraph<T>): Csr<T> {
  const a = g.adjacency;
  const invSqrt = inverseSqrtDegrees(weightedDegrees(g), 'normalizedLaplacian');
  const { rowPtr, colIdx, fromEntry } = withDiagonalPattern(a);
  const values = realLike(g.weights, colIdx.length);
  for (let i = 0; i < g.nodes; i++) {
    for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
      const j = colIdx[p];
      const k = fromEntry[p];
      const w = k < 0 ? 0 : a.values[k];
      values[p] = (i === j ? 1 : 0) - invSqrt[i] * w * invSqrt[j];
    }
  }
  return { nRows: g.nodes, nCols: g.nodes, rowPtr, colIdx, values };
}

/**
 * The GCN propagation matrix D^{-1/2} (A + I) D^{-1/2} of Kipf and Welling, D the degrees of
 * A + I. Nodes that already have a self-loop keep its weight instead of getting weight 1
 * (PyG `gcn_norm` with `add_remaining_self_loops`).
 *
 * Shapes: (nodes x nodes).
 */
export function gcnNormalizedAdjacency<T extends Real>(g: WeightedGraph<T>): Csr<T> {
  const a = g.adjacency;
  const { rowPtr, colIdx, fromEntry } = withDiagonalPattern(a);
  const values = realLike(g.weights, colIdx.length);
  for (let p = 0; p < values.length; p++) values[p] = fromEntry[p] < 0 ? 1 : a.values[fromEntry[p]];
  const degrees = realLike(g.weights, g.nodes);
  for (let i = 0; i < g.nodes; i++) {
    let s = 0;
    for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) s += values[p];
    degrees[i] = s;
  }
  const invSqrt = inverseSqrtDegrees(degrees, 'gcnNormalizedAdjacency');
  for (let i = 0; i < g.nodes; i++) {
    for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) values[p] *= invSqrt[i] * invSqrt[colIdx[p]];
  }
  return { nRows: g.nodes, nCols: g.nodes, rowPtr, colIdx, values };
}

function inverseSqrtDegrees(d: Real, name: string): Float64Array {
  const out = new Float64Array(d.length);
  for (let i = 0; i < d.length; i++) {
    if (d[i] < 0) throw new InvalidArgumentError(`${name}: node ${i} has negative degree ${d[i]}`);
    out[i] = d[i] > 0 ? 1 / Math.sqrt(d[i]) : 0;
  }
  return out;
}

/**
 * L psi without building L: (L psi)_i = sum_j w_ij (psi_i - psi_j), for psi row-major
 * (nodes x channels). Writes into `out` (a new array when left out) and returns it.
 *
 * Shapes: psi (nodes x channels), out (nodes x channels).
 */
export function laplacianMatVec<T extends Real>(g: WeightedGraph, psi: T, channels: number, out?: T): T {
  const n = g.nodes;
  if (!Number.isInteger(channels) || channels < 1) {
    throw new InvalidArgumentError(`laplacianMatVec: channels must be a positive integer, got ${channels}`);
  }
  if (psi.length !== n * channels) {
    throw new ShapeError(`laplacianMatVec: psi has length ${psi.length}, expected nodes x channels = ${n} x ${channels}`);
  }
  const result = out ?? realLike(psi, psi.length);
  if (result.length !== psi.length) {
    throw new ShapeError(`laplacianMatVec: out has length ${result.length}, expected ${psi.length}`);
  }
  if (overlaps(result, psi)) throw new InvalidArgumentError('laplacianMatVec: out must not share memory with psi');
  const { rowPtr, colIdx, values } = g.adjacency;
  for (let i = 0; i < n; i++) {
    const rowI = i * channels;
    for (let c = 0; c < channels; c++) result[rowI + c] = 0;
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
      const w = values[k];
      const rowJ = colIdx[k] * channels;
      for (let c = 0; c < channels; c++) result[rowI + c] += w * (psi[rowI + c] - psi[rowJ + c]);
    }
  }
  return result;
}

function overlaps(x: Real, y: Real): boolean {
  if (x.buffer !== y.buffer) return false;
  return x.byteOffset < y.byteOffset + y.byteLength && y.byteOffset < x.byteOffset + x.byteLength;
}
