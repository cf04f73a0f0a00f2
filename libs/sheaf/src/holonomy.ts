/**
 * Flatness of a connection and its gauge (SPEC 4.9): a BFS spanning forest gives g_root = I,
 * g_j = O_ijᵀ g_i along tree edges, so O_ij = g_i g_jᵀ on the tree; every non-tree edge closes one
 * fundamental cycle whose holonomy Hol = g_iᵀ O_ij g_j must be I. Flat (all Hol = I) ⇔
 * O_ij = g_i g_jᵀ everywhere ⇔ L_F = 𝔾(L_w ⊗ I)𝔾ᵀ with 𝔾 = blockdiag(g_i).
 */
import { InvalidArgumentError, ShapeError, type Real } from '@gsn/tensor';
import type { WeightedGraph } from '@gsn/graph';
import { stalkLayout, type Connection } from './connection';
import { blockSize } from './restriction-maps';
import { identity, matmul } from './small-matrix';

/** The worst fundamental cycle: its closing edge, its node sequence, ‖Hol − I‖_F. */
export interface HolonomyCycle {
  readonly edge: number;
  readonly cycle: readonly number[];
  readonly defect: number;
}

export interface Flatness {
  readonly flat: boolean;
  /** g_i per node (n, m, m); exact on tree edges, whatever the flatness. */
  readonly gauge: Float64Array;
  /** max over non-tree edges of ‖Hol − I‖_F (0 for a forest). */
  readonly maxDefect: number;
  readonly worst: HolonomyCycle | undefined;
}

/** Thrown by `assertFlat`; names the cycle and its holonomy defect. */
export class HolonomyError extends InvalidArgumentError {
  constructor(
    message: string,
    readonly holonomy: HolonomyCycle,
  ) {
    super(message);
    this.name = 'HolonomyError';
  }
}

export function flatness(graph: WeightedGraph, connection: Connection, tol = 1e-9): Flatness {
  const n = graph.nodes;
  const m = blockSize(connection);
  const mm = m * m;
  const { maps } = connection;
  if (maps.length !== graph.src.length * mm) throw new ShapeError(`flatness: ${maps.length / mm} maps for ${graph.src.length} edges`);
  const gauge = new Float64Array(n * mm);
  const parent = new Int32Array(n).fill(-1);
  const depth = new Int32Array(n).fill(-1);
  const treeEdge = new Uint8Array(graph.src.length);
  const { rowPtr, colIdx } = graph.adjacency;
  const eye = identity(m);
  for (let root = 0; root < n; root++) {
    if (depth[root] >= 0) continue;
    depth[root] = 0;
    gauge.set(eye, root * mm);
    const queue = [root];
    for (let h = 0; h < queue.length; h++) {
      const i = queue[h];
      const gi = gauge.subarray(i * mm, (i + 1) * mm);
      for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
        const j = colIdx[k];
        if (depth[j] >= 0) continue;
        const e = graph.edgeOfEntry[k];
        const oe = maps.subarray(e * mm, (e + 1) * mm);
        // O_ij = O_e if i = src[e], else O_eᵀ; g_j = O_ijᵀ g_i.
        gauge.set(graph.src[e] === i ? matmul(oe, gi, m, true, false) : matmul(oe, gi, m), j * mm);
        depth[j] = depth[i] + 1;
        parent[j] = i;
        treeEdge[e] = 1;
        queue.push(j);
      }
    }
  }
  let maxDefect = 0;
  let worstEdge = -1;
  for (let e = 0; e < graph.src.length; e++) {
    const i = graph.src[e];
    const j = graph.dst[e];
    if (treeEdge[e] || i === j) continue;
    const expected = matmul(gauge.subarray(i * mm, (i + 1) * mm), gauge.subarray(j * mm, (j + 1) * mm), m, false, true);
    let s = 0;
    for (let p = 0; p < mm; p++) s += (maps[e * mm + p] - expected[p]) ** 2;
    const defect = Math.sqrt(s);
    if (defect > maxDefect) {
      maxDefect = defect;
      worstEdge = e;
    }
  }
  const worst = worstEdge < 0 ? undefined : { edge: worstEdge, cycle: fundamentalCycle(parent, depth, graph.src[worstEdge], graph.dst[worstEdge]), defect: maxDefect };
  return { flat: maxDefect <= tol, gauge, maxDefect, worst };
}

/** i → … → lca → … → j → i along the tree plus the closing edge. */
function fundamentalCycle(parent: Int32Array, depth: Int32Array, i: number, j: number): number[] {
  const up: number[] = [];
  const down: number[] = [];
  let a = i;
  let b = j;
  while (depth[a] > depth[b]) {
    up.push(a);
    a = parent[a];
  }
  while (depth[b] > depth[a]) {
    down.push(b);
    b = parent[b];
  }
  while (a !== b) {
    up.push(a);
    down.push(b);
    a = parent[a];
    b = parent[b];
  }
  return [...up, a, ...down.reverse(), i];
}

/** The gauge of a flat connection; a `HolonomyError` naming the worst cycle otherwise. */
export function assertFlat(graph: WeightedGraph, connection: Connection, tol = 1e-9): Float64Array {
  const f = flatness(graph, connection, tol);
  if (!f.flat && f.worst) {
    const { edge, cycle, defect } = f.worst;
    throw new HolonomyError(
      `connection is not flat: the holonomy around the cycle ${cycle.join(' → ')} (closed by edge ${edge} = ` +
        `(${graph.src[edge]}, ${graph.dst[edge]})) has ‖Hol − I‖_F = ${defect.toExponential(3)} > tol ${tol}`,
      f.worst,
    );
  }
  return f.gauge;
}

/** 𝔾φ (or 𝔾ᵀφ): g_i applied to every stalk vector of node i. Shapes: state (n, 2c). */
export function applyGauge(gauge: Float64Array, connection: Pick<Connection, 'kind' | 'stalk'>, channels: number, state: Real, transposed = false): Float64Array {
  const layout = stalkLayout(connection, channels);
  const m = layout.size;
  const mm = m * m;
  const width = 2 * channels;
  const n = state.length / width;
  if (gauge.length !== n * mm) throw new ShapeError(`applyGauge: gauge for ${gauge.length / mm} nodes, state has ${n}`);
  const out = new Float64Array(state.length);
  for (let i = 0; i < n; i++) {
    const o = i * width;
    for (let t = 0; t < layout.vectors; t++) {
      const g = t * m;
      for (let r = 0; r < m; r++) {
        let s = 0;
        for (let c = 0; c < m; c++) s += gauge[i * mm + (transposed ? c * m + r : r * m + c)] * state[o + layout.offsets[g + c]];
        out[o + layout.offsets[g + r]] = s;
      }
    }
  }
  return out;
}
