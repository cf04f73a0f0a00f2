/**
 * Singular value decomposition of small dense matrices by one-sided (Hestenes) Jacobi, and the
 * orthonormal range / null-space split it gives.
 */
import { ConvergenceError, InvalidArgumentError } from '../errors';
import { jacobiCosSin, rotatePair } from './jacobi-rotation';
import { checkMatrix, columns, transpose } from './matrix';

const MAX_SWEEPS = 100;

export interface Svd {
  /** Descending, length cols. */
  readonly values: Float64Array;
  /** cols x cols, column k is the right singular vector of values[k]. */
  readonly v: Float64Array;
}

/**
 * Singular values and right singular vectors of A (rows x cols) by one-sided (Hestenes) Jacobi:
 * columns are orthogonalised pairwise, so a null vector v satisfies ‖Av‖ ≈ ε‖A‖ (not √ε‖A‖ as
 * with an eigen-decomposition of AᵀA). Non-finite entries throw `ConvergenceError`.
 */
export function singularValueDecomposition(aIn: Float64Array, rows: number, cols: number): Svd {
  checkMatrix(aIn, rows, cols, 'singularValueDecomposition');
  for (let i = 0; i < aIn.length; i++) {
    if (!Number.isFinite(aIn[i])) throw new ConvergenceError(`singularValueDecomposition: entry ${i} is ${aIn[i]}`, []);
  }
  const col = transpose(aIn, rows, cols); // column-major work copy: column c at c*rows
  const v = new Float64Array(cols * cols); // column-major too: column c at c*cols
  for (let i = 0; i < cols; i++) v[i * cols + i] = 1;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let p = 0; p < cols; p++) {
      for (let q = p + 1; q < cols; q++) {
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let r = 0; r < rows; r++) {
          const x = col[p * rows + r];
          const y = col[q * rows + r];
          alpha += x * x;
          beta += y * y;
          gamma += x * y;
        }
        if (gamma === 0 || Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const [c, s] = jacobiCosSin((beta - alpha) / (2 * gamma));
        rotatePair(col, p * rows, q * rows, 1, rows, c, s);
        rotatePair(v, p * cols, q * cols, 1, cols, c, s);
      }
    }
    if (!rotated) break;
  }
  const norms = Array.from({ length: cols }, (_, c) => {
    let s = 0;
    for (let r = 0; r < rows; r++) s += col[c * rows + r] ** 2;
    return Math.sqrt(s);
  });
  const order = norms.map((_, i) => i).sort((i, j) => norms[j] - norms[i]);
  const values = new Float64Array(cols);
  const vOut = new Float64Array(cols * cols);
  order.forEach((src, dst) => {
    values[dst] = norms[src];
    for (let r = 0; r < cols; r++) vOut[r * cols + dst] = v[src * cols + r];
  });
  return { values, v: vOut };
}

/** Singular values (descending, length cols) of A (rows x cols); see `singularValueDecomposition`. */
export function singularValues(a: Float64Array, rows: number, cols: number): Float64Array {
  return singularValueDecomposition(a, rows, cols).values;
}

export interface RangeNullSplit {
  readonly rank: number;
  /** cols x rank, orthonormal basis of the row space (range of Aᵀ). */
  readonly range: Float64Array;
  /** cols x (cols - rank), orthonormal basis of ker A. */
  readonly nullSpace: Float64Array;
  readonly singularValues: Float64Array;
}

/**
 * Orthonormal bases of ker A and its orthogonal complement; singular values below
 * relTol * σ_max count as zero.
 */
export function rangeNullSplit(a: Float64Array, rows: number, cols: number, relTol = 1e-9): RangeNullSplit {
  if (!(relTol > 0 && relTol < 1)) throw new InvalidArgumentError(`rangeNullSplit: relTol must be in (0, 1), got ${relTol}`);
  const { values, v } = singularValueDecomposition(a, rows, cols);
  const cut = relTol * (values[0] || 0);
  let rank = 0;
  while (rank < cols && values[rank] > cut) rank++;
  return {
    rank,
    range: columns(v, cols, cols, 0, rank),
    nullSpace: columns(v, cols, cols, rank, cols),
    singularValues: values,
  };
}
