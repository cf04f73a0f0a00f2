import { InvalidArgumentError, ShapeError, StabilityError } from '@gsn/tensor';
import { symmetricEigen } from '@gsn/solvers';

export { symmetricEigen };
export type { SymmetricEigen } from '@gsn/solvers';

/*
 * Small dense linear algebra for the symmetry tools (gauge and quotient), float64, row-major.
 * Sizes here are a few hundred at most, so Jacobi methods are used: they are short, need no shifts
 * or deflation, and give eigen/singular vectors accurate to round-off, which the exactness tests
 * (null spaces to 1e-12) need. The symmetric eigen-decomposition is `@gsn/solvers`' (re-exported);
 * this file adds the one-sided Jacobi SVD, Cholesky, generalised eigenvalues and least squares. A matrix with `rows` x `cols` entries stores
 * entry (r, c) at `r * cols + c`.
 */

const MAX_SWEEPS = 100;

function checkSize(a: Float64Array, rows: number, cols: number, name: string): void {
  if (a.length !== rows * cols) throw new ShapeError(`${name}: expected ${rows}x${cols} = ${rows * cols} entries, got ${a.length}`);
}

/** C = A B with A (m x k), B (k x n). */
export function matMul(a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  checkSize(a, m, k, 'matMul A');
  checkSize(b, k, n, 'matMul B');
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const aip = a[i * k + p];
      if (aip === 0) continue;
      for (let j = 0; j < n; j++) c[i * n + j] += aip * b[p * n + j];
    }
  }
  return c;
}

/** Aᵀ of A (rows x cols). */
export function transpose(a: Float64Array, rows: number, cols: number): Float64Array {
  checkSize(a, rows, cols, 'transpose');
  const t = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = a[r * cols + c];
  return t;
}

/** y = A x with A (rows x cols). */
export function matVec(a: Float64Array, rows: number, cols: number, x: Float64Array): Float64Array {
  checkSize(a, rows, cols, 'matVec A');
  if (x.length !== cols) throw new ShapeError(`matVec: x has ${x.length} entries, A has ${cols} columns`);
  const y = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let c = 0; c < cols; c++) s += a[r * cols + c] * x[c];
    y[r] = s;
  }
  return y;
}

export function dot(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) throw new ShapeError(`dot: lengths ${x.length} and ${y.length}`);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s;
}

export function norm2(x: ArrayLike<number>): number {
  return Math.sqrt(dot(x, x));
}

/** Bᵀ A B for symmetric A (n x n) and B (n x k): the restriction of a quadratic form to range(B). */
export function congruence(a: Float64Array, n: number, b: Float64Array, k: number): Float64Array {
  const ab = matMul(a, b, n, n, k);
  return matMul(transpose(b, n, k), ab, k, n, k);
}

export interface Svd {
  /** Descending, length cols. */
  readonly values: Float64Array;
  /** cols x cols, column k is the right singular vector of values[k]. */
  readonly v: Float64Array;
}

/**
 * Singular values and right singular vectors of A (rows x cols) by one-sided (Hestenes) Jacobi:
 * columns are orthogonalised pairwise, so a null vector v satisfies ‖Av‖ ≈ ε‖A‖ (not √ε‖A‖ as
 * with an eigen-decomposition of AᵀA).
 */
export function singularValueDecomposition(aIn: Float64Array, rows: number, cols: number): Svd {
  checkSize(aIn, rows, cols, 'singularValueDecomposition');
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
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let r = 0; r < rows; r++) {
          const x = col[p * rows + r];
          const y = col[q * rows + r];
          col[p * rows + r] = c * x - s * y;
          col[q * rows + r] = s * x + c * y;
        }
        for (let r = 0; r < cols; r++) {
          const x = v[p * cols + r];
          const y = v[q * cols + r];
          v[p * cols + r] = c * x - s * y;
          v[q * cols + r] = s * x + c * y;
        }
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

/** Columns [from, to) of M (rows x cols) as a rows x (to - from) matrix. */
export function columns(m: Float64Array, rows: number, cols: number, from: number, to: number): Float64Array {
  const k = to - from;
  const out = new Float64Array(rows * k);
  for (let r = 0; r < rows; r++) for (let c = 0; c < k; c++) out[r * k + c] = m[r * cols + from + c];
  return out;
}

/** Lower-triangular L with A = L Lᵀ; throws StabilityError when A is not positive definite. */
export function cholesky(a: Float64Array, n: number): Float64Array {
  checkSize(a, n, n, 'cholesky');
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j];
    for (let k = 0; k < j; k++) d -= l[j * n + k] ** 2;
    if (!(d > 0)) throw new StabilityError(`cholesky: matrix is not positive definite (pivot ${j} = ${d})`);
    const ljj = Math.sqrt(d);
    l[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      l[i * n + j] = s / ljj;
    }
  }
  return l;
}

/** Solves L y = b (forward) for lower-triangular L. */
function forwardSolve(l: Float64Array, n: number, b: Float64Array): Float64Array {
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * n + k] * y[k];
    y[i] = s / l[i * n + i];
  }
  return y;
}

/** Solves A x = b given the Cholesky factor L of A. */
export function choleskySolve(l: Float64Array, n: number, b: Float64Array): Float64Array {
  const y = forwardSolve(l, n, b);
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * x[k];
    x[i] = s / l[i * n + i];
  }
  return x;
}

/** Eigenvalues κ (ascending) of the pencil H v = κ G v, H symmetric, G symmetric positive definite. */
export function generalizedSymmetricEigenvalues(h: Float64Array, g: Float64Array, n: number): Float64Array {
  checkSize(h, n, n, 'generalizedSymmetricEigenvalues H');
  const l = cholesky(g, n);
  // C = L⁻¹ H L⁻ᵀ: solve column by column, then symmetrise away round-off.
  const x = new Float64Array(n * n); // X = L⁻¹ H, column-wise
  for (let c = 0; c < n; c++) {
    const hc = new Float64Array(n);
    for (let r = 0; r < n; r++) hc[r] = h[r * n + c];
    const y = forwardSolve(l, n, hc);
    for (let r = 0; r < n; r++) x[r * n + c] = y[r];
  }
  const cMat = new Float64Array(n * n); // C = X L⁻ᵀ = (L⁻¹ Xᵀ)ᵀ
  for (let r = 0; r < n; r++) {
    const xr = new Float64Array(n);
    for (let c = 0; c < n; c++) xr[c] = x[r * n + c];
    const y = forwardSolve(l, n, xr);
    for (let c = 0; c < n; c++) cMat[r * n + c] = y[c];
  }
  for (let r = 0; r < n; r++) {
    for (let c = r + 1; c < n; c++) {
      const m = 0.5 * (cMat[r * n + c] + cMat[c * n + r]);
      cMat[r * n + c] = m;
      cMat[c * n + r] = m;
    }
  }
  return symmetricEigen(cMat, n).values;
}

export interface LeastSquares {
  readonly coefficients: Float64Array;
  /** ‖b − B c‖. */
  readonly residualNorm: number;
}

/** min_c ‖b − B c‖ for B (rows x k) of full column rank, by the normal equations. */
export function leastSquares(b: Float64Array, basis: Float64Array, rows: number, k: number): LeastSquares {
  checkSize(basis, rows, k, 'leastSquares basis');
  if (b.length !== rows) throw new ShapeError(`leastSquares: b has ${b.length} entries, basis has ${rows} rows`);
  const bt = transpose(basis, rows, k);
  const gram = matMul(bt, basis, k, rows, k);
  const coefficients = choleskySolve(cholesky(gram, k), k, matVec(bt, k, rows, b));
  const fit = matVec(basis, rows, k, coefficients);
  let r = 0;
  for (let i = 0; i < rows; i++) r += (b[i] - fit[i]) ** 2;
  return { coefficients, residualNorm: Math.sqrt(r) };
}
