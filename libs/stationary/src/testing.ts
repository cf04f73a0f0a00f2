/**
 * Test helpers of `@gsn/stationary` (`@gsn/stationary/testing`): small random layers and
 * dense references, so specs here and in the model libs above build the same fixtures.
 */
import { InvalidArgumentError, type Rng } from '@gsn/tensor';
import { fixedPoint, forwardBackward } from '@gsn/solvers';
import { weightedGraph, type WeightedGraph } from '@gsn/graph';
import type { StationaryLayer } from './stationary-layer';
import { onsiteVector } from './stationary-layer';
import type { StationaryLayerConfig } from './stationary-layer-op';

/** The node pairs a ring on n nodes leaves for chords: n(n−3)/2 (all pairs less the n ring edges). */
export function ringChordRoom(nodes: number): number {
  return (nodes * (nodes - 3)) / 2;
}

/**
 * A ring on n ≥ 3 nodes plus `chords` random extra edges, weights uniform in [0.5, 1.5).
 * Asking for more chords than `ringChordRoom(n)` throws (the draw would never end).
 */
export function randomGraph(rng: Rng, nodes: number, chords: number): WeightedGraph<Float64Array> {
  if (!(Number.isInteger(nodes) && nodes >= 3)) throw new InvalidArgumentError(`randomGraph: nodes = ${nodes} is not an integer >= 3`);
  const room = ringChordRoom(nodes);
  if (!(Number.isInteger(chords) && chords >= 0 && chords <= room)) {
    throw new InvalidArgumentError(`randomGraph: chords = ${chords} is not an integer in [0, ${room}] (a ring on ${nodes} nodes leaves ${room} pairs)`);
  }
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


/** Solver options of the tests: a tolerance and an iteration cap. */
export type TestSolverOptions = { tol: number; maxIter: number };

/**
 * The solvers of the float32 tfjs-op tests (forward–backward forward, prox-form adjoint by
 * fixed point, tolerance 1e-7 that float32 reaches), to spread into a layer-op config.
 */
export function float32OpSolvers(): Pick<StationaryLayerConfig<TestSolverOptions, TestSolverOptions>, 'forward' | 'adjoint'> {
  return {
    forward: { solver: forwardBackward, options: { tol: 1e-7, maxIter: 5000 } },
    adjoint: { form: 'prox', solver: fixedPoint, solverOptions: { tol: 1e-7, maxIter: 5000 } },
  };
}

/**
 * The fixture of the float32 tfjs-op tests: a random graph (ring + 4 chords) in float64 and
 * float32, a source (entries in [−1.5, 1.5)) and a cotangent, both float32 of shape (n, 2c).
 */
export function float32OpFixture(
  rng: Rng,
  nodes: number,
  channels: number,
): { graph64: WeightedGraph<Float64Array>; graph: WeightedGraph; sourceValues: Float32Array; cotangent: Float32Array } {
  const graph64 = randomGraph(rng, nodes, 4);
  const graph = weightedGraph({ nodes, src: graph64.src, dst: graph64.dst, weights: graph64.weights, dtype: 'float32' });
  const sourceValues = Float32Array.from(randomState(rng, nodes * 2 * channels, 1.5));
  const cotangent = Float32Array.from(randomState(rng, nodes * 2 * channels));
  return { graph64, graph, sourceValues, cotangent };
}
