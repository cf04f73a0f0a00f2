import {
  congruence,
  generalizedSymmetricEigenvalues,
  InvalidArgumentError,
  matMul,
  matVec,
  rangeNullSplit,
  symmetricEigen,
  transpose,
} from '@gsn/tensor';
import { verticalHorizontal, realizationMetric } from './geometry';
import { quotientDifferential, symDimension } from './quadratic';
import { realization, realizationJacobian, shallowHessian, shallowParameterCount, type ShallowSpec } from './shallow';

export interface SpectrumSummary {
  readonly trace: number;
  readonly max: number;
  /** Σ log κ over κ > 0. */
  readonly logDet: number;
  /** Participation ratio (Σκ)² / Σκ². */
  readonly effectiveRank: number;
}

export function spectrumSummary(values: ArrayLike<number>): SpectrumSummary {
  let trace = 0;
  let sq = 0;
  let logDet = 0;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    trace += v;
    sq += v * v;
    if (v > 0) logDet += Math.log(v);
    max = Math.max(max, v);
  }
  return { trace, max, logDet, effectiveRank: sq > 0 ? (trace * trace) / sq : 0 };
}

export interface Curvature {
  /** Ambient Hessian ∇²L (P x P) eigenvalues, ascending. */
  readonly ambient: Float64Array;
  readonly verticalDim: number;
  /** Eigenvalues of H_red = B_Hᵀ∇²L B_H (Euclidean horizontal metric; not orbit-invariant). */
  readonly reduced: Float64Array;
  /** Definition 1: κ with H_red v = κ G_H v, G_H = B_Hᵀ(JᵀJ/N)B_H (realisation metric). */
  readonly metric: Float64Array;
  /**
   * Definition 2 (quadratic model): κ with H_red v = κ F_H v, F_H = B_Hᵀ dQᵀdQ B_H (Frobenius metric of
   * Q-velocities: curvature "in quotient coordinates Q"). When Q ranges over an open set of Sym(d)
   * (m ≥ d) this is the spectrum of Hess_Q = (1/N)Σ c_nc_nᵀ at critical points; null for ReLU.
   */
  readonly quotient: Float64Array | null;
}

/**
 * Targets y = F(θ) − r for which θ is an exact critical point of L with a non-zero residual: r is the
 * projection of `residual` onto ker Jᵀ (the left null space of J), so ∇L = Jᵀr/N = 0. Gives
 * non-interpolating critical points (where the effective curvature is informative) without training.
 */
export function targetsWithCriticalPoint(spec: ShallowSpec, theta: Float64Array, x: Float64Array, n: number, residual: Float64Array): Float64Array {
  const p = shallowParameterCount(spec);
  const j = realizationJacobian(spec, theta, x, n);
  const left = rangeNullSplit(transpose(j, n, p), p, n);
  const k = n - left.rank;
  const r = matVec(left.nullSpace, n, k, matVec(transpose(left.nullSpace, n, k), k, n, residual));
  return realization(spec, theta, x, n).map((f, s) => f - r[s]);
}

/**
 * Ambient Hessian, symmetry-reduced Hessian and both effective curvatures (SPEC 001 §1.2). The two
 * effective curvatures are orbit-invariant at critical points of L.
 */
export function effectiveCurvature(spec: ShallowSpec, theta: Float64Array, x: Float64Array, y: Float64Array, n: number, relTol = 1e-9): Curvature {
  if (!(relTol > 0)) throw new InvalidArgumentError(`relTol must be > 0, got ${relTol}`);
  const p = shallowParameterCount(spec);
  const j = realizationJacobian(spec, theta, x, n);
  const split = verticalHorizontal(j, n, p, relTol);
  const h = split.horizontalDim;
  const hess = shallowHessian(spec, theta, x, y, n);
  const ambient = symmetricEigen(hess, p).values;
  const hRed = congruence(hess, p, split.horizontal, h);
  const reduced = symmetricEigen(hRed, h).values;
  const metric = generalizedSymmetricEigenvalues(hRed, realizationMetric(j, n, p, split.horizontal, h), h);
  let quotient: Float64Array | null = null;
  if (spec.activation === 'quadratic') {
    const dq = quotientDifferential(spec, theta);
    const frobenius = congruence(matMul(transpose(dq, symDimension(spec.d), p), dq, p, symDimension(spec.d), p), p, split.horizontal, h);
    quotient = generalizedSymmetricEigenvalues(hRed, frobenius, h);
  }
  return { ambient, verticalDim: split.verticalDim, reduced, metric, quotient };
}
