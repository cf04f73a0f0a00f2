import { weightedGraph } from '@gsn/graph';
import type { WeightedGraph } from '@gsn/graph';
import { dtypeOf } from '@gsn/tensor';
import type { Real } from '@gsn/tensor';
import type { ModuliPoint } from './moduli-point';

/**
 * The weighted graph of a moduli point, for the layers: every candidate edge, zero weights
 * included (explicit zero adjacency entries), in the point's edge order, so
 * `graph.weights[e]` is `point.weights[e]` and a per-edge gradient of the layer (dLoss/dw_e,
 * summed over `edgeOfEntry`) is indexed like the optimizer's weights. Keeping the absent edges
 * in the structure is what lets their gradient be computed and an edge re-enter; after each
 * update refresh the values only, with `withWeights(graph, state.point.weights)`.
 */
export function moduliGraph<T extends Real>(point: ModuliPoint<T>): WeightedGraph<T> {
  return weightedGraph({
    nodes: point.nodes,
    src: point.src,
    dst: point.dst,
    weights: point.weights,
    directed: false,
    dtype: dtypeOf(point.weights),
    duplicates: 'error',
  }) as unknown as WeightedGraph<T>;
}
