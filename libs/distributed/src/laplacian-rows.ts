import type { Real } from '@gsn/tensor';
import { sharedInt32, sharedMatrix, sharedView, type SharedMatrix } from './shared';

/**
 * The structure of an undirected graph whose Schrödinger-type matrix H = L_w + V a shard serves,
 * shared once with every worker, with the buffers of its value loads and gradients. H's pattern:
 * row i holds i's adjacency entries in adjacency order without self-loops (they cancel in L),
 * then its diagonal. Each worker then builds its own rows of H from the weights (`laplacianValuesRows`)
 * and forms its rows' parameter gradients after an adjoint solve (`laplacianGradientRows`), so that
 * the main thread only copies arrays in and out.
 */
export interface LaplacianBuffers {
  /** The adjacency's row pointers and columns (shared). */
  readonly adjPtr: Int32Array;
  readonly adjCol: Int32Array;
  /**
   * The edges each plan row owns (those whose source is its node: every edge has one entry in its
   * source's row, so the rows own each edge once), in plan order: row r owns `ownedEdge[t]`, whose
   * other end is plan row `ownedOther[t]`, for t in [ownedPtr[r], ownedPtr[r+1]) (shared). Built
   * once so that the gradient pass reads them sequentially.
   */
  readonly ownedPtr: Int32Array;
  readonly ownedEdge: Int32Array;
  readonly ownedOther: Int32Array;
  /** Adjacency weights in the graph's precision (a plain copy), written by the main thread before a load. */
  readonly weights: SharedMatrix;
  /** On-site V_i (float64, original node order), written before a load. */
  readonly onsite: SharedMatrix;
  /** dℓ/dw_e per edge and dℓ/dV_i per node (float64, original order), written by the workers. */
  readonly edgeGradient: SharedMatrix;
  readonly onsiteGradient: SharedMatrix;
  /** LAPLACIAN_SLOT doubles per part (`LaplacianLoad` of a load, then the part's Σ dℓ/dV_i of a gradient). */
  readonly partials: Float64Array;
}

/** What a load reports: each part of its rows, then the main thread of all (max, min, first). */
export interface LaplacianLoad {
  /** max over the rows of 2 d_i + V_i (d_i with self-loops, in the weights' precision): Gershgorin. */
  readonly lambdaBound: number;
  /** min over the rows of V_i. */
  readonly minOnsite: number;
  /** The smallest adjacency entry of the rows with a weight not ≥ 0, or −1. */
  readonly invalidWeight: number;
  /** The smallest node of the rows with V_i not > 0, or −1. */
  readonly invalidOnsite: number;
}

export const LAPLACIAN_SLOT = 5;

/** What `LaplacianBuffers` need of the graph (a `WeightedGraph` of @gsn/graph is one): its structure and its weights' precision. */
export interface LaplacianStructure {
  readonly nodes: number;
  readonly adjacency: { readonly rowPtr: Int32Array; readonly colIdx: Int32Array };
  readonly edgeOfEntry: Int32Array;
  readonly src: Int32Array;
  readonly dst: Int32Array;
  /** Its weights: their precision is that of the weights every load must bring. */
  readonly weights: Real;
}

/** `LaplacianBuffers` for a graph whose node perm[r] is plan row r (inverse[i] = plan row of node i). */
export function laplacianBuffers(graph: LaplacianStructure, perm: Int32Array, inverse: Int32Array, parts: number): LaplacianBuffers {
  const n = graph.nodes;
  const { rowPtr, colIdx } = graph.adjacency;
  const ownedPtr = new Int32Array(n + 1);
  const ownedEdge = new Int32Array(graph.src.length);
  const ownedOther = new Int32Array(graph.src.length);
  let t = 0;
  for (let r = 0; r < n; r++) {
    const i = perm[r];
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
      const e = graph.edgeOfEntry[k];
      if (graph.src[e] !== i) continue;
      ownedEdge[t] = e;
      ownedOther[t++] = inverse[graph.dst[e]];
    }
    ownedPtr[r + 1] = t;
  }
  return {
    adjPtr: sharedInt32(rowPtr),
    adjCol: sharedInt32(colIdx),
    ownedPtr: sharedInt32(ownedPtr),
    ownedEdge: sharedInt32(ownedEdge),
    ownedOther: sharedInt32(ownedOther),
    weights: sharedMatrix(graph.weights instanceof Float64Array ? 'float64' : 'float32', graph.adjacency.rowPtr[n]),
    onsite: sharedMatrix('float64', n),
    edgeGradient: sharedMatrix('float64', graph.src.length),
    onsiteGradient: sharedMatrix('float64', n),
    partials: new Float64Array(new SharedArrayBuffer(parts * LAPLACIAN_SLOT * 8)),
  };
}

/**
 * H's values on plan rows [rowStart, rowEnd) (row r is node perm[r]; `rowPtr` the plan's): −w_ij
 * off the diagonal, Σ_j w_ij + V_i on it, the same arithmetic as the single-thread assembly;
 * with the rows' Gershgorin bound and checks (`LaplacianLoad`).
 */
export function laplacianValuesRows(rowStart: number, rowEnd: number, perm: Int32Array, rowPtr: Int32Array, b: LaplacianBuffers, out: Real): LaplacianLoad {
  const weights = sharedView(b.weights);
  const onsite = sharedView(b.onsite);
  // the single-thread bound takes the degrees in the weights' precision (`weightedDegrees`)
  const degreeIn = weights instanceof Float32Array ? Math.fround : (x: number) => x;
  let lambdaBound = 0;
  let minOnsite = Infinity;
  let invalidWeight = -1;
  let invalidOnsite = -1;
  for (let r = rowStart; r < rowEnd; r++) {
    const i = perm[r];
    let m = rowPtr[r];
    let degree = 0;
    let withLoops = 0;
    for (let k = b.adjPtr[i]; k < b.adjPtr[i + 1]; k++) {
      const w = weights[k];
      if (!(w >= 0) && (invalidWeight < 0 || k < invalidWeight)) invalidWeight = k;
      withLoops += w;
      if (b.adjCol[k] === i) continue;
      degree += w;
      out[m++] = -w;
    }
    const v = onsite[i];
    if (!(v > 0) && (invalidOnsite < 0 || i < invalidOnsite)) invalidOnsite = i;
    out[m] = degree + v;
    lambdaBound = Math.max(lambdaBound, 2 * degreeIn(withLoops) + v);
    minOnsite = Math.min(minOnsite, v);
  }
  return { lambdaBound, minOnsite, invalidWeight, invalidOnsite };
}

/**
 * The parameter gradients of H = L_w + V on plan rows [rowStart, rowEnd) from the state ψ and the
 * adjoint λ (both n × columns, plan order): dℓ/dV_i = −⟨λ_i, ψ_i⟩ for the rows' nodes, and
 * dℓ/dw_e = −⟨λ_i − λ_j, ψ_i − ψ_j⟩ for the edges e = (i, j) the rows own (`ownedEdge`). The same
 * arithmetic as `onsiteGradient` / `edgeWeightGradient` of @gsn/stationary. Returns the rows'
 * Σ dℓ/dV_i.
 */
export function laplacianGradientRows(rowStart: number, rowEnd: number, perm: Int32Array, columns: number, psi: Real, lambda: Real, b: LaplacianBuffers): number {
  const edgeGradient = sharedView(b.edgeGradient);
  const onsiteGradient = sharedView(b.onsiteGradient);
  let sum = 0;
  for (let r = rowStart; r < rowEnd; r++) {
    const i = perm[r];
    const row = r * columns;
    let s = 0;
    for (let p = row; p < row + columns; p++) s -= lambda[p] * psi[p];
    onsiteGradient[i] = s;
    sum += s;
    for (let t = b.ownedPtr[r]; t < b.ownedPtr[r + 1]; t++) {
      const other = b.ownedOther[t] * columns;
      let g = 0;
      for (let p = 0; p < columns; p++) g -= (lambda[row + p] - lambda[other + p]) * (psi[row + p] - psi[other + p]);
      edgeGradient[b.ownedEdge[t]] = g;
    }
  }
  return sum;
}
