import { InvalidArgumentError, type Real } from '@gsn/tensor';
import type { WeightedGraph } from '@gsn/graph';
import type { Potential } from './potential';
import { schrodingerOperator, type SchrodingerOperator } from './schrodinger-operator';

/**
 * One graph-stationary layer (SPEC 4.1): ψ* = T(s) = (H + ∂Φ)^{-1}(s), H = L_w + V,
 * V_i = κ + onsite_i. A plain record; solvers are passed to the functions that use it.
 *
 * Shapes: graph (n nodes, undirected), onsite (n) or absent (V = κI), states (n, 2c).
 */
export interface StationaryLayer {
  readonly graph: WeightedGraph;
  readonly channels: number;
  /** The on-site floor κ > 0. */
  readonly kappa: number;
  /** Extra on-site potential, V_i = κ + onsite_i, onsite_i ≥ 0; absent means V = κI. */
  readonly onsite?: Real;
  readonly potential: Potential;
}

/** V_i = κ + onsite_i as an array of the layer's precision. */
export function onsiteVector(layer: StationaryLayer, like: Real): Real {
  const v = new (like.constructor as Float64ArrayConstructor)(layer.graph.nodes);
  for (let i = 0; i < v.length; i++) v[i] = layer.kappa + (layer.onsite ? layer.onsite[i] : 0);
  return v;
}

export function layerOperator(layer: StationaryLayer, like: Real): SchrodingerOperator {
  if (!(layer.kappa > 0)) throw new InvalidArgumentError(`StationaryLayer.kappa must be > 0, got ${layer.kappa}`);
  return schrodingerOperator(layer.graph, onsiteVector(layer, like), layer.channels);
}

