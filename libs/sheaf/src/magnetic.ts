/**
 * The magnetic Laplacian of a directed graph (MagNet, Zhang et al. 2021) as the U(1) case of the
 * connection Laplacian (SPEC 4.9, P14): with A the weighted directed adjacency,
 *   w_ij = (A_ij + A_ji)/2,   Θ_ij = 2πq(A_ij − A_ji),   O_ij = e^{iΘ_ij},
 *   L^{(q)} = D_s − A_s ⊙ e^{iΘ},
 * Hermitian PSD for every q; q = 0 gives L_w of the symmetrised graph. q ∈ [0, 1/4] is MagNet's range.
 */
import { InvalidArgumentError, type Real } from '@gsn/tensor';
import { weightedGraph, type WeightedGraph } from '@gsn/graph';
import type { Connection } from './connection';
import { connectionFromParams } from './connection';
import { sheafLaplacian, type SheafOperator } from './sheaf-laplacian';

export interface MagneticConnection {
  /** The symmetrised undirected graph, w_ij = (A_ij + A_ji)/2. */
  readonly graph: WeightedGraph<Float64Array>;
  /** One U(1) phase per undirected edge, O_e = e^{iΘ_{src,dst}}. */
  readonly connection: Connection;
  readonly angles: Float64Array;
}

export function magneticConnection(directed: WeightedGraph, q: number): MagneticConnection {
  if (!directed.directed) throw new InvalidArgumentError('magneticConnection: expects a directed graph');
  if (!Number.isFinite(q)) throw new InvalidArgumentError(`magneticConnection: q must be finite, got ${q}`);
  const pairs = new Map<string, { a: number; b: number; forward: number; backward: number }>();
  for (let e = 0; e < directed.src.length; e++) {
    const i = directed.src[e];
    const j = directed.dst[e];
    if (i === j) continue;
    const [a, b] = i < j ? [i, j] : [j, i];
    const key = `${a},${b}`;
    const entry = pairs.get(key) ?? { a, b, forward: 0, backward: 0 };
    if (i === a) entry.forward += directed.weights[e];
    else entry.backward += directed.weights[e];
    pairs.set(key, entry);
  }
  const list = [...pairs.values()];
  const graph = weightedGraph({
    nodes: directed.nodes,
    src: list.map((p) => p.a),
    dst: list.map((p) => p.b),
    weights: Float64Array.from(list, (p) => (p.forward + p.backward) / 2),
    dtype: 'float64',
    duplicates: 'error',
  });
  // Edges keep their input order (no repeats), so angles line up with graph's edge list.
  const angles = Float64Array.from(list, (p) => 2 * Math.PI * q * (p.forward - p.backward));
  const connection = connectionFromParams({ kind: 'unitary', stalk: 1, method: 'angle' }, angles, list.length);
  return { graph, connection, angles };
}

/** L^{(q)} (+ V when `onsite` is given) on (n, 2c) states: every channel is one complex U(1) stalk. */
export function magneticLaplacian(directed: WeightedGraph, q: number, channels: number, onsite?: Real): SheafOperator {
  const { graph, connection } = magneticConnection(directed, q);
  return sheafLaplacian(graph, connection, channels, onsite);
}
