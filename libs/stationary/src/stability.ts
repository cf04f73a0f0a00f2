import { createRng, InvalidArgumentError, StabilityError, zerosLike, type Real } from '@gsn/tensor';
import { lanczosExtremes } from '@gsn/solvers';
import { isSmooth, type Potential } from './potential';
import { layerOperator, type StationaryLayer } from './stationary-layer';
import type { StationaryOperator } from './stationary-operator';

/** Lanczos steps (exact when ≥ the state dimension n·2c) and the seed of the start vector. */
export interface StabilityCheckOptions {
  readonly lanczosSteps: number;
  readonly seed: number;
}

export const STABILITY_CHECK_DEFAULTS: Readonly<StabilityCheckOptions> = Object.freeze({ lanczosSteps: 60, seed: 0 });

/**
 * The smallest Ritz value θ_min ≥ λ_min of the stationary Jacobian J = H + ∇²Φ(ψ) (SPEC 4.2,
 * "stable branch") for any operator H, by Lanczos on the Hessian-vector product, and its
 * residual (some eigenvalue lies within it of θ_min). Needs a smooth potential.
 */
export function operatorJacobianMinEigenvalue(
  op: StationaryOperator,
  potential: Potential,
  state: Real,
  options: Partial<StabilityCheckOptions> = {},
): { min: number; residual: number } {
  const o = { ...STABILITY_CHECK_DEFAULTS, ...options };
  if (!isSmooth(potential)) {
    throw new InvalidArgumentError(`stationaryJacobianMinEigenvalue: potential '${potential.name}' has no Hessian`);
  }
  const tmp = zerosLike(state);
  const applyJ = (v: Real, out: Real): void => {
    op.apply(v, out);
    potential.hessianVp(state, op.channels, v, tmp);
    for (let i = 0; i < out.length; i++) out[i] += tmp[i];
  };
  const result = lanczosExtremes(applyJ, state.length, o.lanczosSteps, createRng(o.seed));
  return { min: result.min, residual: result.minResidual };
}

/**
 * Throws StabilityError when J = H + ∇²Φ(ψ) is not positive definite at `state` (linear
 * stability of the flow) for any operator H: when the Ritz value θ_min ≥ λ_min is ≤ 0, which
 * proves it. With fewer Lanczos steps than the dimension, an unconverged θ_min > 0 passes
 * (documented limit).
 */
export function checkOperatorStability(
  op: StationaryOperator,
  potential: Potential,
  state: Real,
  options: Partial<StabilityCheckOptions> = {},
): void {
  const { min: lambdaMin, residual } = operatorJacobianMinEigenvalue(op, potential, state, options);
  if (!(lambdaMin > 0)) {
    throw new StabilityError(
      `stationary state is off a stable branch: λ_min(H + ∇²Φ(ψ*)) ≤ ${lambdaMin} (±${residual}) ≤ 0 for potential ` +
        `'${potential.name}' (strength ${potential.strength}, κ = ${op.kappa}); ` +
        'lower the potential strength or the source, or raise κ',
    );
  }
}

/** `operatorJacobianMinEigenvalue` for the layer's H = L_w + V. */
export function stationaryJacobianMinEigenvalue(
  layer: StationaryLayer,
  state: Real,
  options: Partial<StabilityCheckOptions> = {},
): { min: number; residual: number } {
  return operatorJacobianMinEigenvalue(layerOperator(layer, state), layer.potential, state, options);
}

/** `checkOperatorStability` for the layer's H = L_w + V. */
export function checkStability(layer: StationaryLayer, state: Real, options: Partial<StabilityCheckOptions> = {}): void {
  checkOperatorStability(layerOperator(layer, state), layer.potential, state, options);
}
