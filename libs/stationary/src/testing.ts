/**
 * Test helpers of `@gsn/stationary` (`@gsn/stationary/testing`): small random layers and
 * dense references, so specs here and in the model libs above build the same fixtures.
 */
import type { Rng } from '@gsn/tensor';
import { weightedGraph, type WeightedGraph } from '@gsn/graph';
import type { StationaryLayer } from './stationary-layer';
import { onsiteVector } from './stationary-layer';

/** A ring on n nodes plus `chords` random extra edges, weights uniform in [0.5, 1.5). */
export function randomGraph(rng: Rng, nodes: number, chords: number): WeightedGraph<Float64Array> {
  const src: number[] = [];
  const dst: number[] = [];
  for (let i = 0; i < nodes; i++) {
    src.push(i);
    dst.push((i + 1) % nodes);
  }
  while (src.length < nodes + chords) {
    const i = rng.int(nodes);
    const j = rng.int(nodes);
    if (i === j) continue;
    const [a, b] = i < j ? [i, j] : [j, i];
    if (src.some((s, e) => s === a && dst[e] === b) || src.some((s, e) => s === b && dst[e] === a)) continue;
    src.push(a);
    dst.push(b);
  }
  const weights = Float64Array.from(src, () => 0.5 + rng.next());
  return weightedGraph({ nodes, src, dst, weights, dtype: 'float64' });
}

/** Uniform in [-scale, scale), float64. */
export function randomState(rng: Rng, length: number, scale = 1): Float64Array {
  return Float64Array.from({ length }, () => scale * (2 * rng.next() - 1));
}

/** The dense row-major n × n matrix H = L_w + V of a layer (one channel block). */
export function denseSchrodinger(layer: StationaryLayer): Float64Array {
  const n = layer.graph.nodes;
  const h = new Float64Array(n * n);
  const v = onsiteVector(layer, new Float64Array(0));
  for (let i = 0; i < n; i++) h[i * n + i] = v[i];
  const { src, dst, weights } = layer.graph;
  for (let e = 0; e < src.length; e++) {
    const i = src[e];
    const j = dst[e];
    if (i === j) continue;
    h[i * n + i] += weights[e];
    h[j * n + j] += weights[e];
    h[i * n + j] -= weights[e];
    h[j * n + i] -= weights[e];
  }
  return h;
}

