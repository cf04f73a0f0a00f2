/**
 * The sheaf-stationary layer (SPEC 4.9): ψ* = (L_F + V + ∂Φ)^{-1}(s), everything of SPEC 4.2–4.5
 * with L_w replaced by the connection Laplacian L_F. The solve, its stable-branch check
 * (non-convex potentials) and the adjoint solve are `@gsn/stationary`'s operator-generic
 * `operatorState` / `operatorVjp` on H_F; what is sheaf-specific is the operator and the
 * gradients of its edge data (`sheafEdgeGradients`).
 */
import { InvalidArgumentError, type Real } from '@gsn/tensor';
import type { WeightedGraph } from '@gsn/graph';
import {
  onsiteGradient,
  operatorState,
  operatorVjp,
  type AdjointMethod,
  type Potential,
  type StationaryState,
  type StationaryStateOptions,
} from '@gsn/stationary';
import type { Connection } from './connection';
import { sheafEdgeGradients, sheafLaplacian, type SheafOperator } from './sheaf-laplacian';

/**
 * One sheaf layer: undirected graph (edge weights), a connection (one map per edge),
 * channels c = d·f, V_i = κ + onsite_i, a potential (non-convex ones are checked for a stable
 * branch after the solve).
 */
export interface SheafLayer {
  readonly graph: WeightedGraph;
  readonly connection: Connection;
  readonly channels: number;
  readonly kappa: number;
  readonly onsite?: Real;
  readonly potential: Potential;
}

/** H_F = L_F + V, V_i = κ + onsite_i, in the precision of `like`. */
export function sheafLayerOperator(layer: SheafLayer, like: Real): SheafOperator {
  if (!(layer.kappa > 0)) throw new InvalidArgumentError(`SheafLayer.kappa must be > 0, got ${layer.kappa}`);
  const v = new (like.constructor as Float64ArrayConstructor)(layer.graph.nodes);
  for (let i = 0; i < v.length; i++) v[i] = layer.kappa + (layer.onsite ? layer.onsite[i] : 0);
  return sheafLaplacian(layer.graph, layer.connection, layer.channels, v);
}

/**
 * Solves 0 ∈ H_Fψ + ∂Φ(ψ) − s by forward–backward with the given solver (SPEC 4.4 (a)); for a
 * non-convex potential, StabilityError off a stable branch (λ_min(H_F + ∇²Φ(ψ*)) ≤ 0).
 */
export function sheafState<O>(layer: SheafLayer, source: Real, options: StationaryStateOptions<O>): StationaryState {
  return operatorState(sheafLayerOperator(layer, source), layer.potential, source, options, 'sheafState');
}

/** dℓ/d(everything) of a sheaf layer; `maps` is dℓ/dO_e (chain through `connectionParamsVjp`). */
export interface SheafGradients {
  readonly source: Real;
  readonly weights: Float64Array;
  readonly maps: Float64Array;
  readonly onsite: Float64Array;
  readonly kappa: number;
  readonly strength: number | undefined;
  readonly adjointIterations: number;
}

/**
 * Reverse mode through one sheaf layer: one adjoint solve at ψ* (`operatorVjp` on H_F: prox form
 * ζ = g + (I − αH_F)Dζ, λ = αDζ; or Hessian form (H_F + ∇²Φ)λ = g), then
 * dℓ/ds = λ, dℓ/dw_e, dℓ/dO_e (`sheafEdgeGradients`), dℓ/dV_i = −Re⟨λ_i, ψ_i⟩, dℓ/dκ = Σ_i dℓ/dV_i.
 */
export function sheafVjp<O>(
  layer: SheafLayer,
  forward: StationaryState,
  source: Real,
  cotangent: Real,
  method: AdjointMethod<O>,
): SheafGradients {
  const psi = forward.state;
  const op = sheafLayerOperator(layer, psi);
  const { lambda, strength, adjointIterations } = operatorVjp(op, layer.potential, forward, source, cotangent, method, 'sheafVjp');
  const { graph, channels } = layer;
  const edge = sheafEdgeGradients(graph, layer.connection, channels, psi, lambda);
  const onsite = new Float64Array(graph.nodes);
  const kappa = onsiteGradient(psi, lambda, channels, onsite);
  return { source: lambda, weights: edge.weights, maps: edge.maps, onsite, kappa, strength, adjointIterations };
}
