/**
 * Test helpers of `@gsn/sheaf` (`@gsn/sheaf/testing`): random connections and the dense
 * reference L_F = δᵀWδ built from the coboundary (independent of the block-CSR assembly).
 */
import type { Rng } from '@gsn/tensor';
import type { WeightedGraph } from '@gsn/graph';
import { randomState } from '@gsn/stationary/testing';
import { connectionFromParams, stalkLayout, type Connection } from './connection';
import { paramsPerEdge, type ConnectionSpec } from './restriction-maps';

/** Parameters uniform in [−scale, scale) and their connection. */
export function randomConnection(rng: Rng, spec: ConnectionSpec, edges: number, scale = 1): { params: Float64Array; connection: Connection } {
  const params = randomState(rng, edges * paramsPerEdge(spec), scale);
  return { params, connection: connectionFromParams(spec, params, edges) };
}

/**
 * The dense real (n·2c) × (n·2c) matrix δᵀWδ + diag(V), with (δψ)_e = ψ_src − O_e ψ_dst per stalk
 * vector (row-major).
 */
export function denseSheafLaplacian(graph: WeightedGraph, connection: Connection, channels: number, onsite?: ArrayLike<number>): Float64Array {
  const layout = stalkLayout(connection, channels);
  const m = layout.size;
  const width = 2 * channels;
  const N = graph.nodes * width;
  const out = new Float64Array(N * N);
  const rows = graph.src.length * layout.vectors * m;
  const delta = new Float64Array(rows * N);
  let row = 0;
  for (let e = 0; e < graph.src.length; e++) {
    const i = graph.src[e];
    const j = graph.dst[e];
    for (let t = 0; t < layout.vectors; t++) {
      for (let r = 0; r < m; r++, row++) {
        if (i === j) continue;
        delta[row * N + i * width + layout.offsets[t * m + r]] += 1;
        for (let c = 0; c < m; c++) {
          delta[row * N + j * width + layout.offsets[t * m + c]] -= connection.maps[e * m * m + r * m + c];
        }
      }
    }
  }
  const rowsPerEdge = layout.vectors * m;
  for (let q = 0; q < rows; q++) {
    const w = graph.weights[Math.floor(q / rowsPerEdge)];
    for (let a = 0; a < N; a++) {
      const da = delta[q * N + a];
      if (da === 0) continue;
      for (let b = 0; b < N; b++) out[a * N + b] += w * da * delta[q * N + b];
    }
  }
  if (onsite) for (let p = 0; p < N; p++) out[p * N + p] += onsite[Math.floor(p / width)];
  return out;
}
