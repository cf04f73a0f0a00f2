import type { DType, Rng } from '@gsn/tensor';
import type { RealOf } from './real-of';
import { weightedGraph } from './weighted-graph';
import type { WeightedGraph } from './weighted-graph';

/**
 * A random simple graph for tests: `edges` distinct non-loop pairs drawn with `rng`, weights
 * uniform in [0.5, 1.5). Fewer edges come back when the graph is nearly complete.
 */
export function randomWeightedGraph<D extends DType = 'float64'>(
  rng: Rng,
  options: { nodes: number; edges: number; directed?: boolean; dtype?: D },
): WeightedGraph<RealOf<D>> {
  const { nodes, edges } = options;
  const directed = options.directed ?? false;
  const seen = new Set<number>();
  const src: number[] = [];
  const dst: number[] = [];
  for (let tries = 0; src.length < edges && tries < 20 * edges + 100; tries++) {
    const u = rng.int(nodes);
    const v = rng.int(nodes);
    if (u === v) continue;
    const key = directed ? u * nodes + v : Math.min(u, v) * nodes + Math.max(u, v);
    if (seen.has(key)) continue;
    seen.add(key);
    src.push(u);
    dst.push(v);
  }
  const weights = src.map(() => 0.5 + rng.next());
  const dtype = options.dtype ?? 'float64';
  return weightedGraph({ nodes, src, dst, weights, directed, dtype }) as WeightedGraph as WeightedGraph<RealOf<D>>;
}
