import { InvalidArgumentError, realArray, ShapeError } from '@gsn/tensor';
import type { Csr, DType, Real } from '@gsn/tensor';
import { csrOrder } from './csr-pattern';
import { realLike } from './real-of';

/**
 * A weighted graph on `nodes` nodes, kept as an edge list (the learnable parameter vector:
 * one weight per edge) and as a CSR adjacency for fast products.
 *
 * - Undirected graphs store each edge once in the edge list (`src[e] <= dst[e]`); their
 *   adjacency holds both directions (a self-loop once).
 * - Directed graphs store edge `src[e] -> dst[e]`; adjacency row `src[e]` holds column `dst[e]`.
 * - `adjacency.values[k] === weights[edgeOfEntry[k]]` for every CSR entry k, so a gradient
 *   per CSR entry (an SDDMM) sums into a gradient per edge through `edgeOfEntry`.
 *
 * Shapes: src, dst, weights (edges); adjacency (nodes x nodes); edgeOfEntry (nnz).
 */
export interface WeightedGraph<T extends Real = Real> {
  readonly nodes: number;
  readonly directed: boolean;
  readonly src: Int32Array;
  readonly dst: Int32Array;
  readonly weights: T;
  readonly adjacency: Csr<T>;
  readonly edgeOfEntry: Int32Array;
}

/** How repeated edges (the same pair, in either order when undirected) are merged. */
export type DuplicateEdges = 'sum' | 'max' | 'first' | 'error';

/** Input of `weightedGraph`: an edge list on nodes 0..nodes-1. */
export interface WeightedGraphSpec {
  readonly nodes: number;
  readonly src: ArrayLike<number>;
  readonly dst: ArrayLike<number>;
  /** One weight per input edge; all 1 when left out. */
  readonly weights?: ArrayLike<number>;
  readonly directed?: boolean;
  /** Precision of weights and adjacency; by default that of `weights` if it is a Float64Array, else float32. */
  readonly dtype?: DType;
  readonly duplicates?: DuplicateEdges;
}

export const WEIGHTED_GRAPH_DEFAULTS = Object.freeze({ directed: false, duplicates: 'sum' as DuplicateEdges });

/**
 * The weight precision `weightedGraph(spec)` returns for a spec of type S: the literal
 * `dtype`, else the precision of `weights` (float32 unless a Float64Array), and `Real`
 * whenever the type does not decide it.
 */
export type SpecReal<S extends WeightedGraphSpec> = S extends { dtype: 'float64' }
  ? Float64Array
  : S extends { dtype: 'float32' }
    ? Float32Array
    : 'dtype' extends keyof S
      ? S['dtype'] extends undefined
        ? WeightsReal<S>
        : Real
      : WeightsReal<S>;

type WeightsReal<S> = 'weights' extends keyof S ? DefaultReal<S['weights' & keyof S]> : Float32Array;

type DefaultReal<W> = W extends Float64Array ? Float64Array : Float64Array extends W ? Real : Float32Array;

const DUPLICATE_MODES: readonly DuplicateEdges[] = ['sum', 'max', 'first', 'error'];

/**
 * Builds a weighted graph from an edge list: validates node ids and weights, merges repeated
 * edges (`duplicates`: sum, max, first, or error), and builds the CSR adjacency and `edgeOfEntry`.
 *
 * Edges keep the order of their first occurrence in the input, so when the input has no
 * repeats, `graph.weights[e]` is input edge e. Undirected edges are stored as
 * `src <= dst`; self-loops are allowed (one adjacency entry each).
 *
 * Shapes: src, dst, weights (input edges) -> src, dst, weights (unique edges).
 *
 * @example
 * const g = weightedGraph({ nodes: 3, src: [0, 1], dst: [1, 2], dtype: 'float64' });
 * g.adjacency.rowPtr; // [0, 1, 3, 4]
 */
export function weightedGraph<S extends WeightedGraphSpec>(spec: S): WeightedGraph<SpecReal<S>>;
export function weightedGraph(spec: WeightedGraphSpec): WeightedGraph {
  const { nodes, src, dst, weights } = spec;
  const directed = spec.directed ?? WEIGHTED_GRAPH_DEFAULTS.directed;
  const duplicates = spec.duplicates ?? WEIGHTED_GRAPH_DEFAULTS.duplicates;
  if (!Number.isInteger(nodes) || nodes < 0 || nodes > 0x7fffffff) {
    throw new InvalidArgumentError(`weightedGraph: nodes must be a non-negative integer, got ${nodes}`);
  }
  if (!DUPLICATE_MODES.includes(duplicates)) {
    throw new InvalidArgumentError(
      `weightedGraph: duplicates must be one of ${DUPLICATE_MODES.join(', ')}, got '${duplicates}'`,
    );
  }
  if (spec.dtype !== undefined && spec.dtype !== 'float32' && spec.dtype !== 'float64') {
    throw new InvalidArgumentError(`weightedGraph: dtype must be 'float32' or 'float64', got '${spec.dtype}'`);
  }
  const m = src.length;
  if (dst.length !== m) throw new ShapeError(`weightedGraph: src has ${m} edges but dst has ${dst.length}`);
  if (weights && weights.length !== m) {
    throw new ShapeError(`weightedGraph: ${m} edges but ${weights.length} weights`);
  }
  const dtype = spec.dtype ?? (weights instanceof Float64Array ? 'float64' : 'float32');

  const a = new Int32Array(m);
  const b = new Int32Array(m);
  for (let e = 0; e < m; e++) {
    const u = src[e];
    const v = dst[e];
    if (!Number.isInteger(u) || u < 0 || u >= nodes) {
      throw new InvalidArgumentError(`weightedGraph: src[${e}] = ${u} is not a node id in [0, ${nodes})`);
    }
    if (!Number.isInteger(v) || v < 0 || v >= nodes) {
      throw new InvalidArgumentError(`weightedGraph: dst[${e}] = ${v} is not a node id in [0, ${nodes})`);
    }
    if (weights && !Number.isFinite(weights[e])) {
      throw new InvalidArgumentError(`weightedGraph: weights[${e}] = ${weights[e]} is not finite`);
    }
    a[e] = directed || u <= v ? u : v;
    b[e] = directed || u <= v ? v : u;
  }

  // Sort input edges by (a, b), stably, so each run of equal pairs starts with its first occurrence.
  const { order } = csrOrder(nodes, nodes, a, b);
  const groupOf = new Int32Array(m);
  const isFirst = new Uint8Array(m);
  let groups = 0;
  for (let p = 0; p < m; p++) {
    const e = order[p];
    const prev = p > 0 ? order[p - 1] : -1;
    if (prev < 0 || a[prev] !== a[e] || b[prev] !== b[e]) {
      isFirst[e] = 1;
      groups++;
    } else if (duplicates === 'error') {
      throw new InvalidArgumentError(
        `weightedGraph: edge ${e} (${src[e]}, ${dst[e]}) repeats edge ${prev}; pass duplicates: 'sum' | 'max' | 'first' to merge`,
      );
    }
    groupOf[e] = groups - 1;
  }
  // Number the unique edges in order of first occurrence.
  const edgeOfGroup = new Int32Array(groups);
  const outSrc = new Int32Array(groups);
  const outDst = new Int32Array(groups);
  let next = 0;
  for (let e = 0; e < m; e++) {
    if (!isFirst[e]) continue;
    edgeOfGroup[groupOf[e]] = next;
    outSrc[next] = a[e];
    outDst[next] = b[e];
    next++;
  }
  const merged = new Float64Array(groups);
  for (let e = 0; e < m; e++) {
    const id = edgeOfGroup[groupOf[e]];
    const w = weights ? weights[e] : 1;
    if (isFirst[e]) merged[id] = w;
    else if (duplicates === 'sum') merged[id] += w;
    else if (duplicates === 'max') merged[id] = Math.max(merged[id], w);
  }
  const outWeights = realArray(dtype, groups);
  outWeights.set(merged);
  return assembleGraph(nodes, directed, outSrc, outDst, outWeights);
}

/**
 * Builds the CSR adjacency of a graph whose edge list is already unique (and `src <= dst`
 * when undirected), keeping the edge order.
 */
export function assembleGraph<T extends Real>(
  nodes: number,
  directed: boolean,
  src: Int32Array,
  dst: Int32Array,
  weights: T,
): WeightedGraph<T> {
  const m = src.length;
  let entries = m;
  if (!directed) for (let e = 0; e < m; e++) if (src[e] !== dst[e]) entries++;
  const rows = new Int32Array(entries);
  const cols = new Int32Array(entries);
  const edgeOfRaw = new Int32Array(entries);
  let k = 0;
  for (let e = 0; e < m; e++) {
    rows[k] = src[e];
    cols[k] = dst[e];
    edgeOfRaw[k++] = e;
    if (!directed && src[e] !== dst[e]) {
      rows[k] = dst[e];
      cols[k] = src[e];
      edgeOfRaw[k++] = e;
    }
  }
  const { rowPtr, colIdx, order } = csrOrder(nodes, nodes, rows, cols);
  const edgeOfEntry = new Int32Array(entries);
  const values = realLike(weights, entries);
  for (let p = 0; p < entries; p++) {
    edgeOfEntry[p] = edgeOfRaw[order[p]];
    values[p] = weights[edgeOfEntry[p]];
  }
  return {
    nodes,
    directed,
    src,
    dst,
    weights,
    adjacency: { nRows: nodes, nCols: nodes, rowPtr, colIdx, values },
    edgeOfEntry,
  };
}

/**
 * The same graph with new edge weights: structure arrays are shared, `weights` is copied into
 * a new array of the graph's precision and the adjacency values are refreshed from it.
 *
 * Shapes: weights (edges).
 */
export function withWeights<T extends Real>(g: WeightedGraph<T>, weights: ArrayLike<number>): WeightedGraph<T> {
  const m = g.src.length;
  if (weights.length !== m) throw new ShapeError(`withWeights: graph has ${m} edges but ${weights.length} weights`);
  const w = realLike(g.weights, m);
  for (let e = 0; e < m; e++) {
    if (!Number.isFinite(weights[e])) {
      throw new InvalidArgumentError(`withWeights: weights[${e}] = ${weights[e]} is not finite`);
    }
    w[e] = weights[e];
  }
  const values = realLike(g.weights, g.edgeOfEntry.length);
  for (let k = 0; k < values.length; k++) values[k] = w[g.edgeOfEntry[k]];
  return { ...g, weights: w, adjacency: { ...g.adjacency, values } };
}
