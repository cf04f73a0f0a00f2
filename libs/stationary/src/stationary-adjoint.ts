import { InvalidArgumentError, zerosLike, type Real } from '@gsn/tensor';
import type { FixedPointMap, LinearOperator, SolveResult } from '@gsn/solvers';
import { isSmooth, type Potential } from './potential';
import { onsiteGradient, type StationaryOperator } from './stationary-operator';
import { layerOperator, type StationaryLayer } from './stationary-layer';
import type { StationaryState } from './stationary-state';
import { assertStateShape, realInner } from './state-layout';

/** A fixed-point solver (`fixedPoint` or `anderson` of `@gsn/solvers`). */
export type FixedPointSolver<O> = (map: FixedPointMap, z0: Real, options: O) => SolveResult;
/** A Krylov solver on a symmetric operator (`cg` or `minres` of `@gsn/solvers`). */
export type LinearSolver<O> = (apply: LinearOperator, b: Real, x0: Real, options: O) => SolveResult;

/**
 * How the adjoint system is solved (SPEC 4.5). Both forms give λ = dℓ/ds:
 * - `prox`: ζ = g + (I − αH)Dζ, D = ∂prox_{αΦ}(z*), z* = ψ* − α(Hψ* − s), by a fixed-point
 *   solver (contracts like the forward); λ = αDζ. Works for every potential, smooth or not.
 * - `hessian`: (H + ∇²Φ(ψ*))λ = g by CG / MINRES; smooth potentials only.
 */
export type AdjointMethod<O> =
  | { readonly form: 'prox'; readonly solver: FixedPointSolver<O>; readonly solverOptions: O }
  | { readonly form: 'hessian'; readonly solver: LinearSolver<O>; readonly solverOptions: O };

/**
 * Gradients of a scalar loss ℓ(ψ*) with respect to everything a layer depends on (SPEC 4.5):
 * dℓ/ds = λ, dℓ/dw_e = −Re⟨λ_i − λ_j, ψ_i − ψ_j⟩, dℓ/dV_i = −Re⟨λ_i, ψ_i⟩ (= dℓ/d onsite_i),
 * dℓ/dκ = Σ_i dℓ/dV_i, dℓ/dβ for the potential's strength.
 *
 * Shapes: source, onsite-state arrays (n, 2c); weights (edges); onsite (n).
 */
export interface StationaryGradients {
  readonly source: Real;
  readonly weights: Real;
  readonly onsite: Real;
  readonly kappa: number;
  /** `undefined` for potentials without a strength. */
  readonly strength: number | undefined;
  readonly adjointIterations: number;
}

/**
 * The operator-independent part of the reverse mode: λ = dℓ/ds (= dℓ/d source), dℓ/dβ for the
 * potential's strength, and the adjoint solver's iterations. Every other parameter gradient is
 * −Re⟨λ, (∂H/∂θ)ψ*⟩, formed by the operator's owner from (ψ*, λ).
 */
export interface OperatorAdjoint {
  readonly lambda: Real;
  /** `undefined` for potentials without a strength. */
  readonly strength: number | undefined;
  readonly adjointIterations: number;
}

/**
 * Reverse mode through one stationary solve with any operator H (SPEC 4.5): one adjoint solve
 * at the final state ψ*, nothing kept from the forward iterations (memory does not grow with
 * them). `caller` names the function in error messages.
 *
 * Shapes: forward.state, source, cotangent (n, 2c) → λ (n, 2c).
 */
export function operatorVjp<O>(
  op: StationaryOperator,
  potential: Potential,
  forward: StationaryState,
  source: Real,
  cotangent: Real,
  method: AdjointMethod<O>,
  caller = 'operatorVjp',
): OperatorAdjoint {
  const psi = forward.state;
  const { nodes, channels } = op;
  assertStateShape(cotangent, nodes, channels, `${caller}: cotangent`);
  assertStateShape(source, nodes, channels, `${caller}: source`);
  if (method.form === 'prox') {
    const alpha = forward.alpha;
    const zStar = zerosLike(psi);
    op.apply(psi, zStar);
    for (let i = 0; i < zStar.length; i++) zStar[i] = psi[i] - alpha * (zStar[i] - source[i]);
    const dz = zerosLike(psi);
    const hdz = zerosLike(psi);
    const map: FixedPointMap = (zeta, out) => {
      potential.proxJvp(zStar, alpha, channels, zeta, dz);
      op.apply(dz, hdz);
      for (let i = 0; i < out.length; i++) out[i] = cotangent[i] + dz[i] - alpha * hdz[i];
    };
    const solved = method.solver(map, zerosLike(psi), method.solverOptions);
    const mu = solved.state;
    const lambda = zerosLike(psi);
    potential.proxJvp(zStar, alpha, channels, mu, lambda);
    for (let i = 0; i < lambda.length; i++) lambda[i] *= alpha;
    let strength: number | undefined;
    if (potential.strength !== undefined && potential.proxStrengthDerivative) {
      potential.proxStrengthDerivative(zStar, alpha, channels, dz);
      strength = realInner(mu, dz);
    }
    return { lambda, strength, adjointIterations: solved.iterations };
  }
  if (!isSmooth(potential)) {
    throw new InvalidArgumentError(`${caller}: the 'hessian' adjoint needs a smooth potential, got '${potential.name}'`);
  }
  const tmp = zerosLike(psi);
  const applyJ: LinearOperator = (v, out) => {
    op.apply(v, out);
    potential.hessianVp(psi, channels, v, tmp);
    for (let i = 0; i < out.length; i++) out[i] += tmp[i];
  };
  const solved = method.solver(applyJ, cotangent, zerosLike(psi), method.solverOptions);
  const lambda = solved.state;
  let strength: number | undefined;
  if (potential.strength !== undefined && potential.gradientStrengthDerivative) {
    potential.gradientStrengthDerivative(psi, channels, tmp);
    strength = -realInner(lambda, tmp);
  }
  return { lambda, strength, adjointIterations: solved.iterations };
}

/**
 * Reverse mode through one graph-stationary layer: `operatorVjp` with H = L_w + V, then
 * dℓ/dw_e (`edgeWeightGradient`) and dℓ/dV_i, dℓ/dκ (`onsiteGradient`).
 */
export function stationaryVjp<O>(
  layer: StationaryLayer,
  forward: StationaryState,
  source: Real,
  cotangent: Real,
  method: AdjointMethod<O>,
): StationaryGradients {
  const { graph, channels } = layer;
  const psi = forward.state;
  assertStateShape(cotangent, graph.nodes, channels, 'stationaryVjp: cotangent');
  assertStateShape(source, graph.nodes, channels, 'stationaryVjp: source');
  const op = layerOperator(layer, psi);
  const { lambda, strength, adjointIterations } = operatorVjp(op, layer.potential, forward, source, cotangent, method, 'stationaryVjp');
  const onsite = new (psi.constructor as Float64ArrayConstructor)(graph.nodes);
  const kappa = onsiteGradient(psi, lambda, channels, onsite);
  return { source: lambda, weights: edgeWeightGradient(layer, psi, lambda), onsite, kappa, strength, adjointIterations };
}

/** dℓ/dw_e = −Re⟨λ_i − λ_j, ψ_i − ψ_j⟩ for every edge e = (i, j) of the edge list. */
export function edgeWeightGradient(layer: StationaryLayer, psi: Real, lambda: Real): Real {
  const { src, dst, weights } = layer.graph;
  const width = 2 * layer.channels;
  const out = zerosLike(weights);
  for (let e = 0; e < src.length; e++) {
    const i = src[e] * width;
    const j = dst[e] * width;
    let s = 0;
    for (let p = 0; p < width; p++) s -= (lambda[i + p] - lambda[j + p]) * (psi[i + p] - psi[j + p]);
    out[e] = s;
  }
  return out;
}
