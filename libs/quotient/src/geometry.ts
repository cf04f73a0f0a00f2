import { congruence, matMul, matVec, rangeNullSplit, ShapeError, transpose } from '@gsn/tensor';

/*
 * Vertical / horizontal split from the realisation map's Jacobian J (N x P), SPEC 001 §1.1-1.3:
 * V_θ = ker J (contains the orbit tangents), H_θ = V_θ^⊥ (Euclidean), realisation metric
 * g_θ(u, v) = (Ju)ᵀ(Jv)/N, positive definite on H_θ.
 */

export interface VerticalHorizontal {
  readonly p: number;
  /** P x v, orthonormal basis of V_θ. */
  readonly vertical: Float64Array;
  readonly verticalDim: number;
  /** P x h, orthonormal basis of H_θ. */
  readonly horizontal: Float64Array;
  readonly horizontalDim: number;
  readonly singularValues: Float64Array;
}

export function verticalHorizontal(j: Float64Array, n: number, p: number, relTol = 1e-9): VerticalHorizontal {
  const split = rangeNullSplit(j, n, p, relTol);
  return {
    p,
    vertical: split.nullSpace,
    verticalDim: p - split.rank,
    horizontal: split.range,
    horizontalDim: split.rank,
    singularValues: split.singularValues,
  };
}

/** θ̇ = h + v with h = P_H θ̇, v = P_V θ̇ (orthogonal projections). */
export function splitFlow(split: VerticalHorizontal, velocity: Float64Array): { horizontal: Float64Array; vertical: Float64Array } {
  if (velocity.length !== split.p) throw new ShapeError(`velocity has ${velocity.length} entries, expected ${split.p}`);
  const k = split.verticalDim;
  const coeff = matVec(transpose(split.vertical, split.p, k), k, split.p, velocity);
  const vertical = matVec(split.vertical, split.p, k, coeff);
  return { horizontal: velocity.map((v, i) => v - vertical[i]), vertical };
}

/** Gram matrix of the realisation metric on a basis B (P x k): Bᵀ(JᵀJ/N)B. */
export function realizationMetric(j: Float64Array, n: number, p: number, basis: Float64Array, k: number): Float64Array {
  const jtj = matMul(transpose(j, n, p), j, p, n, p).map((v) => v / n);
  return congruence(jtj, p, basis, k);
}
