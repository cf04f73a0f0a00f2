import type { Real } from '@gsn/tensor';
import { realLike } from './real-of';
import type { WeightedGraph } from './weighted-graph';

/**
 * Weighted degrees d_i = sum_j W_ij (row sums of the adjacency; out-degrees when directed).
 * A self-loop adds its weight once.
 *
 * Shapes: out (nodes).
 */
export function weightedDegrees<T extends Real>(g: WeightedGraph<T>): T {
  const { rowPtr, values } = g.adjacency;
  const d = realLike(g.weights, g.nodes);
  for (let i = 0; i < g.nodes; i++) {
    let s = 0;
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) s += values[k];
    d[i] = s;
  }
  return d;
}

/** Unweighted degrees: the number of adjacency entries (neighbours) of each node; a self-loop counts once. */
export function degreeCounts(g: WeightedGraph): Int32Array {
  const { rowPtr } = g.adjacency;
  const d = new Int32Array(g.nodes);
  for (let i = 0; i < g.nodes; i++) d[i] = rowPtr[i + 1] - rowPtr[i];
  return d;
}

export const MAX_DEGREE_DEFAULTS = Object.freeze({ weighted: false });

/** The largest degree, unweighted (neighbour count) or weighted; 0 for a graph with no nodes. */
export function maxDegree(g: WeightedGraph, options: { weighted?: boolean } = {}): number {
  const weighted = options.weighted ?? MAX_DEGREE_DEFAULTS.weighted;
  const d = weighted ? weightedDegrees(g) : degreeCounts(g);
  let max = d.length > 0 ? d[0] : 0;
  for (let i = 1; i < d.length; i++) if (d[i] > max) max = d[i];
  return max;
}
