import { InvalidArgumentError } from '@gsn/tensor';
import type { Real } from '@gsn/tensor';
import { realLike } from './real-of';
import { assembleGraph } from './weighted-graph';
import type { WeightedGraph } from './weighted-graph';

/** Number of edges `i -> i`. */
export function countSelfLoops(g: WeightedGraph): number {
  let count = 0;
  for (let e = 0; e < g.src.length; e++) if (g.src[e] === g.dst[e]) count++;
  return count;
}

export const ADD_SELF_LOOPS_DEFAULTS = Object.freeze({ weight: 1 });

/**
 * Adds a self-loop of weight `weight` to every node that has none (PyG's
 * `add_remaining_self_loops`): existing self-loops keep their weight. The new edges are
 * appended after the existing ones, so edge e of `g` is still edge e of the result.
 */
export function addSelfLoops<T extends Real>(g: WeightedGraph<T>, options: { weight?: number } = {}): WeightedGraph<T> {
  const weight = options.weight ?? ADD_SELF_LOOPS_DEFAULTS.weight;
  if (!Number.isFinite(weight)) throw new InvalidArgumentError(`addSelfLoops: weight must be finite, got ${weight}`);
  const hasLoop = new Uint8Array(g.nodes);
  for (let e = 0; e < g.src.length; e++) if (g.src[e] === g.dst[e]) hasLoop[g.src[e]] = 1;
  let missing = 0;
  for (let i = 0; i < g.nodes; i++) if (!hasLoop[i]) missing++;
  const m = g.src.length;
  const src = new Int32Array(m + missing);
  const dst = new Int32Array(m + missing);
  const weights = realLike(g.weights, m + missing);
  src.set(g.src);
  dst.set(g.dst);
  weights.set(g.weights);
  let e = m;
  for (let i = 0; i < g.nodes; i++) {
    if (hasLoop[i]) continue;
    src[e] = i;
    dst[e] = i;
    weights[e++] = weight;
  }
  return assembleGraph(g.nodes, g.directed, src, dst, weights);
}

/** The graph without its self-loops; the other edges keep their relative order. */
export function removeSelfLoops<T extends Real>(g: WeightedGraph<T>): WeightedGraph<T> {
  const keep: number[] = [];
  for (let e = 0; e < g.src.length; e++) if (g.src[e] !== g.dst[e]) keep.push(e);
  const src = new Int32Array(keep.length);
  const dst = new Int32Array(keep.length);
  const weights = realLike(g.weights, keep.length);
  keep.forEach((e, k) => {
    src[k] = g.src[e];
    dst[k] = g.dst[e];
    weights[k] = g.weights[e];
  });
  return assembleGraph(g.nodes, g.directed, src, dst, weights);
}
