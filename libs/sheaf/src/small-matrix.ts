/**
 * Dense m × m row-major real matrices for the per-edge restriction maps (m = d or 2d ≤ ~16):
 * products, transposes, inverse and the matrix exponential. Plain loops; the sizes are tiny.
 */
import { denseSolve } from '@gsn/solvers';

export function identity(m: number): Float64Array {
  const a = new Float64Array(m * m);
  for (let i = 0; i < m; i++) a[i * m + i] = 1;
  return a;
}

/** a · b, or aᵀ · b / a · bᵀ when the flags say so. */
export function matmul(a: ArrayLike<number>, b: ArrayLike<number>, m: number, transA = false, transB = false): Float64Array {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < m; k++) {
      const aik = transA ? a[k * m + i] : a[i * m + k];
      if (aik === 0) continue;
      for (let j = 0; j < m; j++) out[i * m + j] += aik * (transB ? b[j * m + k] : b[k * m + j]);
    }
  }
  return out;
}

export function transpose(a: ArrayLike<number>, m: number): Float64Array {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) out[j * m + i] = a[i * m + j];
  return out;
}

/** A⁻¹ column by column (LU with pivoting of `@gsn/solvers`). */
export function inverse(a: Float64Array, m: number): Float64Array {
  const out = new Float64Array(m * m);
  const e = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    e.fill(0);
    e[j] = 1;
    const col = denseSolve(a, m, e);
    for (let i = 0; i < m; i++) out[i * m + j] = col[i];
  }
  return out;
}

/** max |a_ij| (the norm the scaling of `expm` uses). */
function maxAbsRowSum(a: ArrayLike<number>, m: number): number {
  let best = 0;
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = 0; j < m; j++) s += Math.abs(a[i * m + j]);
    best = Math.max(best, s);
  }
  return best;
}

/**
 * exp(A) by scaling and squaring with a degree-18 Taylor polynomial (‖A/2^s‖_∞ ≤ 1/4, truncation
 * below 1e-30): for a skew A the result is orthogonal to a few ε.
 */
export function expm(a: ArrayLike<number>, m: number): Float64Array {
  const norm = maxAbsRowSum(a, m);
  const squarings = norm > 0.25 ? Math.ceil(Math.log2(norm / 0.25)) : 0;
  const scale = 2 ** -squarings;
  const x = Float64Array.from(a, (v) => v * scale);
  let result = identity(m);
  let term = identity(m);
  for (let k = 1; k <= 18; k++) {
    term = matmul(term, x, m);
    for (let p = 0; p < term.length; p++) term[p] /= k;
    for (let p = 0; p < term.length; p++) result[p] += term[p];
  }
  for (let s = 0; s < squarings; s++) result = matmul(result, result, m);
  return result;
}

/**
 * The Fréchet derivative L(A, E) = d/dt exp(A + tE)|₀, read off the top-right block of
 * exp([[A, E], [0, A]]) (Higham, Functions of Matrices, 3.2).
 */
export function expmFrechet(a: ArrayLike<number>, e: ArrayLike<number>, m: number): Float64Array {
  const big = new Float64Array(4 * m * m);
  const w = 2 * m;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      big[i * w + j] = a[i * m + j];
      big[(m + i) * w + m + j] = a[i * m + j];
      big[i * w + m + j] = e[i * m + j];
    }
  }
  const ex = expm(big, w);
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) out[i * m + j] = ex[i * w + m + j];
  return out;
}

/** ‖AᵀA − I‖_max: how far A is from orthogonal. */
export function orthogonalityDefect(a: ArrayLike<number>, m: number): number {
  const g = matmul(a, a, m, true, false);
  let worst = 0;
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) worst = Math.max(worst, Math.abs(g[i * m + j] - (i === j ? 1 : 0)));
  return worst;
}
