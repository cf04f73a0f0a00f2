import { InvalidArgumentError, ShapeError, zerosLike } from '@gsn/tensor';
import type { Real } from '@gsn/tensor';
import type { HessianMetric } from './metrics';

/** Step size and l1 sparsity weight: the objective is F(w) = Loss(w) + l1 * sum_e w_e on W. */
export interface StepSize {
  readonly lr: number;
  readonly l1: number;
}

/**
 * Natural-gradient step with face crossing (SPEC 4.6, NG-M1/M2/M3 and Euclidean projected GD):
 *   w_e+ = max(0, w_e - lr * g_e(w)^{-1} * (grad_e + l1)).
 * The clamp is the projection onto the cone: a weight that would turn negative lands exactly
 * on the face w_e = 0 (edge removed); at w_e = 0 the edge re-enters iff grad_e + l1 < 0.
 * `out` may be `weights` (in place); by default a new array of the weights' precision.
 */
export function naturalStep(
  metric: HessianMetric,
  weights: Real,
  grad: Real,
  size: StepSize,
  out: Real = zerosLike(weights),
): Real {
  checkStep('naturalStep', weights, grad, size, out);
  for (let e = 0; e < weights.length; e++) {
    const w = weights[e];
    out[e] = Math.max(0, w - size.lr * metric.inverseMetric(w) * (grad[e] + size.l1));
  }
  return out;
}

/**
 * Mirror-descent step (MD-M1 for the entropy metric): a gradient step in the dual coordinates
 * theta = h'(w), mapped back, then the Bregman projection onto W, which for a separable
 * potential smooth across w = 0 is the clamp:
 *   w_e+ = max(0, (h')^{-1}(h'(w_e) - lr * (grad_e + l1))).
 * Entropy: w+ = max(0, (w + eps) exp(-lr dF) - eps), computed as w + (w + eps) expm1(-lr dF)
 * so that dF = 0 leaves w exactly where it is. Agrees with `naturalStep` to O(lr^2).
 * Throws `InvalidArgumentError` when the dual step leaves the mirror domain (log-barrier with
 * lr * dF <= -1/(w + eps): the step would send the weight to infinity; lower lr); `out` may
 * then be partly written.
 */
export function mirrorStep(
  metric: HessianMetric,
  weights: Real,
  grad: Real,
  size: StepSize,
  out: Real = zerosLike(weights),
): Real {
  checkStep('mirrorStep', weights, grad, size, out);
  for (let e = 0; e < weights.length; e++) {
    const next = metric.mirrorUpdate(weights[e], size.lr * (grad[e] + size.l1));
    if (!Number.isFinite(next)) {
      throw new InvalidArgumentError(
        `mirrorStep (${metric.name}): lr = ${size.lr} moves edge ${e} out of the mirror domain; lower lr`,
      );
    }
    out[e] = Math.max(0, next);
  }
  return out;
}

function checkStep(fn: string, weights: Real, grad: Real, size: StepSize, out: Real): void {
  if (grad.length !== weights.length || out.length !== weights.length) {
    throw new ShapeError(`${fn}: ${weights.length} weights but ${grad.length} gradients and ${out.length} outputs`);
  }
  if (!(size.lr > 0) || !Number.isFinite(size.lr)) {
    throw new InvalidArgumentError(`${fn}: lr must be finite and > 0, got ${size.lr}`);
  }
  if (!(size.l1 >= 0) || !Number.isFinite(size.l1)) {
    throw new InvalidArgumentError(`${fn}: l1 must be finite and >= 0, got ${size.l1}`);
  }
  for (let e = 0; e < grad.length; e++) {
    if (!Number.isFinite(grad[e])) throw new InvalidArgumentError(`${fn}: grad[${e}] = ${grad[e]} is not finite`);
  }
}

/** How far (w, grad) is from a KKT point of min_{w >= 0} Loss(w) + l1 * sum w. */
export interface KktResidual {
  /** max |dF_e| over the support (stationarity on the stratum). */
  readonly onSupport: number;
  /** max (-dF_e)_+ over the zero weights (no edge wants to enter). */
  readonly offSupport: number;
  /** max(onSupport, offSupport). */
  readonly value: number;
  /** max_e |w_e - max(0, w_e - dF_e)|: the continuous (projected-gradient) residual. */
  readonly projected: number;
}

/** KKT residual: dF = grad + l1 must vanish on the support and be >= 0 off it. */
export function kktResidual(weights: Real, grad: Real, l1 = 0): KktResidual {
  if (grad.length !== weights.length) {
    throw new ShapeError(`kktResidual: ${weights.length} weights but ${grad.length} gradients`);
  }
  let onSupport = 0;
  let offSupport = 0;
  let projected = 0;
  for (let e = 0; e < weights.length; e++) {
    const w = weights[e];
    const dF = grad[e] + l1;
    if (w > 0) onSupport = Math.max(onSupport, Math.abs(dF));
    else offSupport = Math.max(offSupport, -dF);
    projected = Math.max(projected, Math.abs(w - Math.max(0, w - dF)));
  }
  return { onSupport, offSupport, value: Math.max(onSupport, offSupport), projected };
}
