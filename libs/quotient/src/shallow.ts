import { InvalidArgumentError, ShapeError } from '@gsn/tensor';

/*
 * Shallow networks f_θ(x) = Σ_i a_i σ(w_iᵀx), θ = (a, W) stored flat as [a_1..a_m, w_1, …, w_m]
 * (W row-major, m x d), P = m(d + 1) parameters. σ(t) = t² (quadratic, k = 2: f = xᵀQ(θ)x with
 * Q = Wᵀdiag(a)W) or ReLU (k = 1). SPEC 001 §1.1.
 */

export type ShallowActivation = 'quadratic' | 'relu';

export interface ShallowSpec {
  /** Hidden units. */
  readonly m: number;
  /** Input dimension. */
  readonly d: number;
  readonly activation: ShallowActivation;
}

export function validateShallowSpec(spec: ShallowSpec): void {
  if (!(Number.isInteger(spec.m) && spec.m >= 1)) throw new InvalidArgumentError(`ShallowSpec.m must be a positive integer, got ${spec.m}`);
  if (!(Number.isInteger(spec.d) && spec.d >= 1)) throw new InvalidArgumentError(`ShallowSpec.d must be a positive integer, got ${spec.d}`);
  if (spec.activation !== 'quadratic' && spec.activation !== 'relu') throw new InvalidArgumentError(`ShallowSpec.activation must be 'quadratic' or 'relu', got ${spec.activation}`);
}

export function shallowParameterCount(spec: ShallowSpec): number {
  return spec.m * (spec.d + 1);
}

/** k with σ(αt) = α^k σ(t) for α > 0. */
export function homogeneityDegree(spec: ShallowSpec): 1 | 2 {
  return spec.activation === 'quadratic' ? 2 : 1;
}

function check(spec: ShallowSpec, theta: Float64Array, x?: Float64Array, n?: number): void {
  validateShallowSpec(spec);
  if (theta.length !== shallowParameterCount(spec)) throw new ShapeError(`θ has ${theta.length} entries, spec needs ${shallowParameterCount(spec)}`);
  if (x && x.length !== (n ?? 0) * spec.d) throw new ShapeError(`X has ${x.length} entries, expected ${n} x ${spec.d}`);
}

const sigma = (spec: ShallowSpec, t: number): number => (spec.activation === 'quadratic' ? t * t : Math.max(t, 0));
const sigmaPrime = (spec: ShallowSpec, t: number): number => (spec.activation === 'quadratic' ? 2 * t : t > 0 ? 1 : 0);

function preActivation(spec: ShallowSpec, theta: Float64Array, x: Float64Array, s: number, i: number): number {
  let z = 0;
  for (let k = 0; k < spec.d; k++) z += theta[spec.m + i * spec.d + k] * x[s * spec.d + k];
  return z;
}

/** The finite-sample realisation map F(θ) = (f_θ(x_1), …, f_θ(x_N)). */
export function realization(spec: ShallowSpec, theta: Float64Array, x: Float64Array, n: number): Float64Array {
  check(spec, theta, x, n);
  const f = new Float64Array(n);
  for (let s = 0; s < n; s++) for (let i = 0; i < spec.m; i++) f[s] += theta[i] * sigma(spec, preActivation(spec, theta, x, s, i));
  return f;
}

/** J = dF/dθ (N x P): ∂f/∂a_i = σ(w_iᵀx), ∂f/∂w_i = a_i σ'(w_iᵀx) x. */
export function realizationJacobian(spec: ShallowSpec, theta: Float64Array, x: Float64Array, n: number): Float64Array {
  check(spec, theta, x, n);
  const p = shallowParameterCount(spec);
  const j = new Float64Array(n * p);
  for (let s = 0; s < n; s++) {
    for (let i = 0; i < spec.m; i++) {
      const z = preActivation(spec, theta, x, s, i);
      j[s * p + i] = sigma(spec, z);
      const c = theta[i] * sigmaPrime(spec, z);
      for (let k = 0; k < spec.d; k++) j[s * p + spec.m + i * spec.d + k] = c * x[s * spec.d + k];
    }
  }
  return j;
}

/** Rescaling generators ξ_i = (δa_i = −k a_i, δw_i = w_i), one per unit (m vectors of length P). */
export function rescalingGenerators(spec: ShallowSpec, theta: Float64Array): Float64Array[] {
  check(spec, theta);
  const k = homogeneityDegree(spec);
  return Array.from({ length: spec.m }, (_, i) => {
    const xi = new Float64Array(theta.length);
    xi[i] = -k * theta[i];
    for (let c = 0; c < spec.d; c++) xi[spec.m + i * spec.d + c] = theta[spec.m + i * spec.d + c];
    return xi;
  });
}

/** The gauge action (a_i, w_i) → (α_i^{−k} a_i, α_i w_i), α_i > 0. */
export function rescaleUnits(spec: ShallowSpec, theta: Float64Array, alpha: Float64Array): Float64Array {
  check(spec, theta);
  if (alpha.length !== spec.m) throw new ShapeError(`alpha has ${alpha.length} entries, network has ${spec.m} units`);
  if (alpha.some((a) => !(a > 0))) throw new InvalidArgumentError('alpha must be > 0');
  const k = homogeneityDegree(spec);
  const out = Float64Array.from(theta);
  for (let i = 0; i < spec.m; i++) {
    out[i] *= alpha[i] ** -k;
    for (let c = 0; c < spec.d; c++) out[spec.m + i * spec.d + c] *= alpha[i];
  }
  return out;
}

/**
 * Conserved quantities of gradient flow C_i = ‖w_i‖² − k a_i² (d/dt C_i = −2⟨ξ_i, ∇L⟩ = 0).
 */
export function conservedQuantities(spec: ShallowSpec, theta: Float64Array): Float64Array {
  check(spec, theta);
  const k = homogeneityDegree(spec);
  return Float64Array.from({ length: spec.m }, (_, i) => {
    let s = 0;
    for (let c = 0; c < spec.d; c++) s += theta[spec.m + i * spec.d + c] ** 2;
    return s - k * theta[i] * theta[i];
  });
}

/**
 * Generic orbit (fibre) dimension at a regular point, i.e. the nullity of J for generic samples
 * with N ≥ d(d+1)/2. Quadratic: P − rank dQ with rank dQ = md − m(m−1)/2 (m ≤ d, rank-m symmetric
 * matrices) or d(d+1)/2 (m ≥ d); ReLU: the m rescalings.
 */
export function predictedOrbitDimension(spec: ShallowSpec): number {
  validateShallowSpec(spec);
  if (spec.activation === 'relu') return spec.m;
  const { m, d } = spec;
  const rank = m <= d ? m * d - (m * (m - 1)) / 2 : (d * (d + 1)) / 2;
  return shallowParameterCount(spec) - rank;
}

export interface ShallowLoss {
  readonly loss: number;
  readonly grad: Float64Array;
  /** r_n = f_θ(x_n) − y_n. */
  readonly residual: Float64Array;
}

/** L(θ) = (1/2N) Σ_n (f_θ(x_n) − y_n)², ∇L = Jᵀr / N. */
export function shallowLoss(spec: ShallowSpec, theta: Float64Array, x: Float64Array, y: Float64Array, n: number): ShallowLoss {
  if (y.length !== n) throw new ShapeError(`y has ${y.length} entries, expected ${n}`);
  const f = realization(spec, theta, x, n);
  const residual = f.map((v, s) => v - y[s]);
  const p = theta.length;
  const j = realizationJacobian(spec, theta, x, n);
  const grad = new Float64Array(p);
  let loss = 0;
  for (let s = 0; s < n; s++) {
    loss += residual[s] ** 2;
    for (let q = 0; q < p; q++) grad[q] += (j[s * p + q] * residual[s]) / n;
  }
  return { loss: loss / (2 * n), grad, residual };
}

/**
 * Ambient Hessian ∇²L = (JᵀJ + Σ_n r_n ∇²f_n) / N (P x P). ∇²f_n is block-diagonal per unit:
 * ∂²f/∂a_i∂w_i = σ'(w_iᵀx)x, ∂²f/∂w_i² = a_i σ''(w_iᵀx) xxᵀ (σ'' = 2 quadratic, 0 ReLU a.e.).
 */
export function shallowHessian(spec: ShallowSpec, theta: Float64Array, x: Float64Array, y: Float64Array, n: number): Float64Array {
  const { residual } = shallowLoss(spec, theta, x, y, n);
  const p = theta.length;
  const j = realizationJacobian(spec, theta, x, n);
  const h = new Float64Array(p * p);
  for (let s = 0; s < n; s++) {
    for (let q = 0; q < p; q++) {
      const jq = j[s * p + q];
      if (jq === 0) continue;
      for (let r = 0; r < p; r++) h[q * p + r] += jq * j[s * p + r];
    }
  }
  const { m, d } = spec;
  const sig2 = spec.activation === 'quadratic' ? 2 : 0;
  for (let s = 0; s < n; s++) {
    const rs = residual[s];
    for (let i = 0; i < m; i++) {
      const z = preActivation(spec, theta, x, s, i);
      const sp = sigmaPrime(spec, z);
      for (let k = 0; k < d; k++) {
        const wk = m + i * d + k;
        const v = rs * sp * x[s * d + k];
        h[i * p + wk] += v;
        h[wk * p + i] += v;
        if (sig2 !== 0) for (let l = 0; l < d; l++) h[wk * p + m + i * d + l] += rs * theta[i] * sig2 * x[s * d + k] * x[s * d + l];
      }
    }
  }
  for (let q = 0; q < p * p; q++) h[q] /= n;
  return h;
}
