import { ShapeError } from '@gsn/tensor';
import type { WeightedGraph } from './weighted-graph';

/**
 * Edge homophily (Zhu et al. 2020): the fraction of edges whose two ends share a label,
 * h = |{(u, v) in E : y_u = y_v}| / |E|. Self-loops and edges touching an unlabelled node
 * (label < 0) are left out; each edge counts once, unweighted. NaN when no edge is left.
 *
 * Shapes: labels (nodes).
 */
export function edgeHomophily(g: WeightedGraph, labels: ArrayLike<number>): number {
  if (labels.length !== g.nodes) throw new ShapeError(`edgeHomophily: ${labels.length} labels for ${g.nodes} nodes`);
  let same = 0;
  let total = 0;
  for (let e = 0; e < g.src.length; e++) {
    const u = g.src[e];
    const v = g.dst[e];
    if (u === v || labels[u] < 0 || labels[v] < 0) continue;
    total++;
    if (labels[u] === labels[v]) same++;
  }
  return total > 0 ? same / total : NaN;
}
