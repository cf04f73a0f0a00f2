import { cholesky, choleskySolve, InvalidArgumentError, ShapeError, symmetricEigen } from '@gsn/tensor';
import { type ShallowSpec } from './shallow';

/*
 * The quadratic model's quotient object Q(θ) = Wᵀdiag(a)W ∈ Sym(d) (SPEC 001 §1.1-1.3), written in
 * orthonormal coordinates of Sym(d) with the Frobenius inner product: (M_ii, √2 M_ij for i < j),
 * D = d(d+1)/2 of them, so that Euclidean geometry of the coordinates is the Frobenius geometry.
 */

export function symDimension(d: number): number {
  return (d * (d + 1)) / 2;
}

/** Orthonormal coordinates of a symmetric d x d matrix. */
export function symCoordinates(mat: Float64Array, d: number): Float64Array {
  if (mat.length !== d * d) throw new ShapeError(`expected a ${d} x ${d} matrix, got ${mat.length} entries`);
  const out = new Float64Array(symDimension(d));
  let at = 0;
  for (let i = 0; i < d; i++) for (let j = i; j < d; j++) out[at++] = i === j ? mat[i * d + i] : Math.SQRT2 * 0.5 * (mat[i * d + j] + mat[j * d + i]);
  return out;
}

/** The symmetric matrix of orthonormal coordinates c. */
export function symFromCoordinates(c: Float64Array, d: number): Float64Array {
  if (c.length !== symDimension(d)) throw new ShapeError(`expected ${symDimension(d)} coordinates, got ${c.length}`);
  const m = new Float64Array(d * d);
  let at = 0;
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      const v = i === j ? c[at] : c[at] / Math.SQRT2;
      m[i * d + j] = v;
      m[j * d + i] = v;
      at++;
    }
  }
  return m;
}

function quadraticOnly(spec: ShallowSpec, theta: Float64Array): void {
  if (spec.activation !== 'quadratic') throw new InvalidArgumentError('the quotient matrix Q(θ) exists for the quadratic activation only');
  if (theta.length !== spec.m * (spec.d + 1)) throw new ShapeError(`θ has ${theta.length} entries, spec needs ${spec.m * (spec.d + 1)}`);
}

/** Q(θ) = Σ_i a_i w_i w_iᵀ (d x d). */
export function quotientMatrix(spec: ShallowSpec, theta: Float64Array): Float64Array {
  quadraticOnly(spec, theta);
  const { m, d } = spec;
  const q = new Float64Array(d * d);
  for (let i = 0; i < m; i++) {
    for (let r = 0; r < d; r++) for (let c = 0; c < d; c++) q[r * d + c] += theta[i] * theta[m + i * d + r] * theta[m + i * d + c];
  }
  return q;
}

/** dQ(θ) in orthonormal Sym(d) coordinates (D x P): ∂Q/∂a_i = w_iw_iᵀ, ∂Q/∂w_ik = a_i(e_kw_iᵀ + w_ie_kᵀ). */
export function quotientDifferential(spec: ShallowSpec, theta: Float64Array): Float64Array {
  quadraticOnly(spec, theta);
  const { m, d } = spec;
  const p = theta.length;
  const dim = symDimension(d);
  const out = new Float64Array(dim * p);
  const column = (col: number, mat: Float64Array) => symCoordinates(mat, d).forEach((v, r) => (out[r * p + col] = v));
  for (let i = 0; i < m; i++) {
    const w = theta.subarray(m + i * d, m + (i + 1) * d);
    const ww = new Float64Array(d * d);
    for (let r = 0; r < d; r++) for (let c = 0; c < d; c++) ww[r * d + c] = w[r] * w[c];
    column(i, ww);
    for (let k = 0; k < d; k++) {
      const e = new Float64Array(d * d);
      for (let c = 0; c < d; c++) {
        e[k * d + c] += theta[i] * w[c];
        e[c * d + k] += theta[i] * w[c];
      }
      column(m + i * d + k, e);
    }
  }
  return out;
}

/** Coordinates c_n of x_nxₙᵀ (N x D): f_θ(x_n) = ⟨x_nx_nᵀ, Q⟩_F = c_n · q. */
export function sampleFeatures(x: Float64Array, n: number, d: number): Float64Array {
  if (x.length !== n * d) throw new ShapeError(`X has ${x.length} entries, expected ${n} x ${d}`);
  const dim = symDimension(d);
  const out = new Float64Array(n * dim);
  for (let s = 0; s < n; s++) {
    const xx = new Float64Array(d * d);
    for (let r = 0; r < d; r++) for (let c = 0; c < d; c++) xx[r * d + c] = x[s * d + r] * x[s * d + c];
    out.set(symCoordinates(xx, d), s * dim);
  }
  return out;
}

/** Hess_Q = (1/N) Σ_n c_nc_nᵀ (D x D): the curvature of the squared loss as a function of Q. */
export function quotientLossHessian(x: Float64Array, n: number, d: number): Float64Array {
  const feats = sampleFeatures(x, n, d);
  const dim = symDimension(d);
  const h = new Float64Array(dim * dim);
  for (let s = 0; s < n; s++) for (let r = 0; r < dim; r++) for (let c = 0; c < dim; c++) h[r * dim + c] += (feats[s * dim + r] * feats[s * dim + c]) / n;
  return h;
}

/** The least-squares quotient point Q̂ = argmin_Q (1/2N) Σ (x_nᵀQx_n − y_n)² (needs N ≥ D generic samples). */
export function leastSquaresQuotient(x: Float64Array, y: Float64Array, n: number, d: number): Float64Array {
  if (y.length !== n) throw new ShapeError(`y has ${y.length} entries, expected ${n}`);
  const feats = sampleFeatures(x, n, d);
  const dim = symDimension(d);
  const rhs = new Float64Array(dim);
  for (let s = 0; s < n; s++) for (let r = 0; r < dim; r++) rhs[r] += (feats[s * dim + r] * y[s]) / n;
  return symFromCoordinates(choleskySolve(cholesky(quotientLossHessian(x, n, d), dim), dim, rhs), d);
}

/** 3·2^{−2/3} Σ_j |λ_j(Q)|^{2/3}: min ‖θ‖² over the fibre {θ : Q(θ) = Q} (needs m ≥ rank Q). */
export function weightDecayFibreMinimum(q: Float64Array, d: number): number {
  const { values } = symmetricEigen(q, d);
  return 3 * 2 ** (-2 / 3) * values.reduce((s, l) => s + Math.abs(l) ** (2 / 3), 0);
}

/**
 * A representative θ of the fibre of Q with m units (m ≥ d): units j < d on the eigenvectors q_j,
 * w_j = √t_j q_j, a_j = λ_j / t_j, extra units zero. balanced: t_j = (2λ_j²)^{1/3} (‖w_j‖² = 2a_j², the
 * weight-decay minimiser); otherwise t_j = |λ_j| (a_j = ±1).
 */
export function quotientRepresentative(q: Float64Array, d: number, m: number, balanced: boolean): Float64Array {
  if (m < d) throw new InvalidArgumentError(`quotientRepresentative needs m >= d, got m = ${m}, d = ${d}`);
  const { values, vectors } = symmetricEigen(q, d);
  const theta = new Float64Array(m * (d + 1));
  for (let j = 0; j < d; j++) {
    const l = values[j];
    const t = balanced ? Math.cbrt(2 * l * l) : Math.abs(l);
    if (t === 0) continue;
    theta[j] = l / t;
    for (let k = 0; k < d; k++) theta[m + j * d + k] = Math.sqrt(t) * vectors[k * d + j];
  }
  return theta;
}
