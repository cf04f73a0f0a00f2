import { InvalidArgumentError, ShapeError, realArray } from '@gsn/tensor';
import type { Csr, DType, Real } from '@gsn/tensor';
import { CandidateKind } from './moduli-point';
import type { CandidateKindCode, ModuliPoint } from './moduli-point';

/** The input graph's edge list; a `WeightedGraph` from `@gsn/graph` fits. */
export interface EdgeListInput {
  readonly nodes: number;
  readonly src: ArrayLike<number>;
  readonly dst: ArrayLike<number>;
  /** Per-edge weights; absent means 1 for every input edge. */
  readonly weights?: Real;
}

/** Row-major dense node features: `values[i * cols + c]` is feature c of node i. */
export interface DenseFeatures {
  readonly rows: number;
  readonly cols: number;
  readonly values: Real;
}

/** Node features for k-NN candidates, one row per node: sparse (CSR, e.g. bag of words) or dense. */
export type NodeFeatures = Csr | DenseFeatures;

export interface CandidateOptions {
  /** At most this many 2-hop candidates proposed per node (0: none). */
  readonly twoHopPerNode: number;
  /** At most this many cosine k-NN candidates proposed per node (0: none). */
  readonly knnPerNode: number;
  /** Features for the k-NN candidates; required when `knnPerNode > 0`. */
  readonly features?: NodeFeatures;
  /** A k-NN candidate needs cosine similarity strictly above this. */
  readonly minSimilarity: number;
  /** Initial weight of the added candidates; 0 puts them on the lower face (absent, may enter). */
  readonly candidateWeight: number;
  /** Weight precision when the input graph has no weights (otherwise the input's precision). */
  readonly dtype: DType;
}

export const CANDIDATE_DEFAULTS: CandidateOptions = Object.freeze({
  twoHopPerNode: 0,
  knnPerNode: 0,
  minSimilarity: 0,
  candidateWeight: 0,
  dtype: 'float64' as DType,
});

/** Relative gap below which two scores count as tied (sums in different orders may differ in the last bits). */
const TIE_TOLERANCE = 1e-12;

/**
 * Builds a moduli point on the candidate edge set E_pot of an input graph:
 *
 * - input edges, undirected (u < v); self-loops dropped (they do not enter a Laplacian);
 *   an edge listed twice (either direction) is merged to its larger weight, so a symmetric
 *   edge list (both directions) gives the same point as a one-direction list;
 * - plus, per node u, its best `twoHopPerNode` 2-hop non-neighbours v, scored by the
 *   resource-allocation index sum_{z in N(u) and N(v)} 1/deg(z);
 * - plus, per node u, its best `knnPerNode` cosine-similar non-neighbours (sparse or dense features).
 *
 * Each node proposes at most its cap; the union is deduplicated (input > 2-hop > k-NN for
 * the recorded kind), so a node may end with more candidates than its own cap. Scores tied
 * at the cap boundary are all dropped rather than broken by node index, which keeps the
 * candidate set equivariant under relabelling the nodes (the moduli space is a quotient by
 * graph isomorphism). Added candidates get `candidateWeight` (default 0).
 */
export function moduliPoint(graph: EdgeListInput, options: Partial<CandidateOptions> = {}): ModuliPoint {
  const opts = validateCandidateOptions({ ...CANDIDATE_DEFAULTS, ...options }, graph.nodes);
  const n = graph.nodes;
  const weightOf = new Map<number, number>();
  const kindOf = new Map<number, CandidateKindCode>();
  const m = graph.src.length;
  if (graph.dst.length !== m || (graph.weights !== undefined && graph.weights.length !== m)) {
    throw new ShapeError(
      `moduliPoint: src has ${m} edges but dst ${graph.dst.length}` +
        (graph.weights === undefined ? '' : ` and weights ${graph.weights.length}`),
    );
  }
  for (let e = 0; e < m; e++) {
    const a = graph.src[e];
    const b = graph.dst[e];
    for (const x of [a, b]) {
      if (!Number.isInteger(x) || x < 0 || x >= n) {
        throw new InvalidArgumentError(`moduliPoint: edge ${e} has node ${x} outside [0, ${n})`);
      }
    }
    const w = graph.weights === undefined ? 1 : graph.weights[e];
    if (!(w >= 0) || !Number.isFinite(w)) {
      throw new InvalidArgumentError(`moduliPoint: weights[${e}] = ${w} is not finite and >= 0`);
    }
    if (a === b) continue;
    const key = Math.min(a, b) * n + Math.max(a, b);
    weightOf.set(key, Math.max(weightOf.get(key) ?? 0, w));
    kindOf.set(key, CandidateKind.input);
  }
  const neighbours = adjacencyLists(n, weightOf.keys());
  const propose = (kind: CandidateKindCode, proposals: (u: number) => number[]): void => {
    const added: number[] = [];
    for (let u = 0; u < n; u++) {
      for (const v of proposals(u)) {
        const key = Math.min(u, v) * n + Math.max(u, v);
        if (!kindOf.has(key)) added.push(key);
      }
    }
    for (const key of added) {
      if (kindOf.has(key)) continue;
      kindOf.set(key, kind);
      weightOf.set(key, opts.candidateWeight);
    }
  };
  if (opts.twoHopPerNode > 0) propose(CandidateKind.twoHop, twoHopProposals(neighbours, opts.twoHopPerNode));
  if (opts.knnPerNode > 0) {
    propose(CandidateKind.knn, knnProposals(opts.features!, neighbours, opts.knnPerNode, opts.minSimilarity));
  }
  const keys = Array.from(kindOf.keys()).sort((x, y) => x - y);
  const src = new Int32Array(keys.length);
  const dst = new Int32Array(keys.length);
  const weights = realArray(graph.weights === undefined ? opts.dtype : dtypeOfInput(graph.weights), keys.length);
  const candidateKind = new Uint8Array(keys.length);
  keys.forEach((key, e) => {
    src[e] = Math.floor(key / n);
    dst[e] = key % n;
    weights[e] = weightOf.get(key)!;
    candidateKind[e] = kindOf.get(key)!;
  });
  return { nodes: n, src, dst, weights, candidateKind };
}

function dtypeOfInput(w: Real): DType {
  return w instanceof Float64Array ? 'float64' : 'float32';
}

function validateCandidateOptions(opts: CandidateOptions, nodes: number): CandidateOptions {
  if (!Number.isInteger(nodes) || nodes < 0) {
    throw new InvalidArgumentError(`moduliPoint: nodes must be a non-negative integer, got ${nodes}`);
  }
  for (const field of ['twoHopPerNode', 'knnPerNode'] as const) {
    if (!Number.isInteger(opts[field]) || opts[field] < 0) {
      throw new InvalidArgumentError(`moduliPoint: ${field} must be a non-negative integer, got ${opts[field]}`);
    }
  }
  if (!(opts.candidateWeight >= 0) || !Number.isFinite(opts.candidateWeight)) {
    throw new InvalidArgumentError(`moduliPoint: candidateWeight must be finite and >= 0, got ${opts.candidateWeight}`);
  }
  if (!Number.isFinite(opts.minSimilarity)) {
    throw new InvalidArgumentError(`moduliPoint: minSimilarity must be finite, got ${opts.minSimilarity}`);
  }
  if (opts.dtype !== 'float32' && opts.dtype !== 'float64') {
    throw new InvalidArgumentError(`moduliPoint: dtype must be 'float32' or 'float64', got ${String(opts.dtype)}`);
  }
  if (opts.knnPerNode > 0) {
    const f = opts.features;
    if (f === undefined) throw new InvalidArgumentError('moduliPoint: features are required when knnPerNode > 0');
    const rows = 'rowPtr' in f ? f.nRows : f.rows;
    if (rows !== nodes) throw new ShapeError(`moduliPoint: features have ${rows} rows for ${nodes} nodes`);
    if (!('rowPtr' in f) && f.values.length !== f.rows * f.cols) {
      throw new ShapeError(`moduliPoint: dense features hold ${f.values.length} values, expected ${f.rows * f.cols}`);
    }
  }
  return opts;
}

/** Sorted neighbour lists of the undirected graph whose edge keys are u * n + v. */
function adjacencyLists(n: number, keys: Iterable<number>): number[][] {
  const lists: number[][] = Array.from({ length: n }, () => []);
  for (const key of keys) {
    const u = Math.floor(key / n);
    const v = key % n;
    lists[u].push(v);
    lists[v].push(u);
  }
  for (const list of lists) list.sort((a, b) => a - b);
  return lists;
}

/**
 * The highest-scoring `cap` of `ids`; scores tied with the first one left out are dropped
 * too, so the choice never depends on node labels.
 */
function topWithoutBoundaryTies(ids: number[], scores: number[], cap: number): number[] {
  if (ids.length <= cap) return ids;
  const order = ids.map((_, k) => k).sort((a, b) => scores[b] - scores[a]);
  const boundary = scores[order[cap]];
  const out: number[] = [];
  for (let r = 0; r < cap; r++) {
    const s = scores[order[r]];
    if (s - boundary > TIE_TOLERANCE * Math.abs(boundary)) out.push(ids[order[r]]);
  }
  return out;
}

function twoHopProposals(neighbours: number[][], cap: number): (u: number) => number[] {
  const n = neighbours.length;
  const score = new Float64Array(n);
  const mark = new Int32Array(n).fill(-1);
  return (u) => {
    const touched: number[] = [];
    for (const v of neighbours[u]) mark[v] = u;
    mark[u] = u;
    for (const z of neighbours[u]) {
      const share = 1 / neighbours[z].length;
      for (const v of neighbours[z]) {
        if (mark[v] === u) continue;
        if (score[v] === 0) touched.push(v);
        score[v] += share;
      }
    }
    const scores = touched.map((v) => score[v]);
    for (const v of touched) score[v] = 0;
    return topWithoutBoundaryTies(touched, scores, cap);
  };
}

function knnProposals(
  features: NodeFeatures,
  neighbours: number[][],
  cap: number,
  minSimilarity: number,
): (u: number) => number[] {
  const n = neighbours.length;
  const sparse = 'rowPtr' in features;
  const forEachDot = sparse ? sparseDots(features) : denseDots(features);
  const norm = sparse ? sparseRowNorms(features) : denseRowNorms(features);
  const isNeighbour = new Int32Array(n).fill(-1);
  return (u) => {
    if (norm[u] === 0) return [];
    for (const v of neighbours[u]) isNeighbour[v] = u;
    const ids: number[] = [];
    const scores: number[] = [];
    forEachDot(u, (v, dot) => {
      if (v === u || isNeighbour[v] === u || norm[v] === 0) return;
      const cosine = dot / (norm[u] * norm[v]);
      if (cosine > minSimilarity) {
        ids.push(v);
        scores.push(cosine);
      }
    });
    return topWithoutBoundaryTies(ids, scores, cap);
  };
}

type DotVisitor = (u: number, visit: (v: number, dot: number) => void) => void;

/**
 * Inner products of row u with every row sharing a feature, through column postings.
 * Each product is summed in column order, so <x_u, x_v> is the same number from either side
 * and under any node relabelling.
 */
function sparseDots(x: Csr): DotVisitor {
  const postings: number[][] = Array.from({ length: x.nCols }, () => []);
  for (let i = 0; i < x.nRows; i++) {
    for (let k = x.rowPtr[i]; k < x.rowPtr[i + 1]; k++) postings[x.colIdx[k]].push(i, k);
  }
  const acc = new Float64Array(x.nRows);
  const hit = new Uint8Array(x.nRows);
  return (u, visit) => {
    const touched: number[] = [];
    for (let k = x.rowPtr[u]; k < x.rowPtr[u + 1]; k++) {
      const xu = x.values[k];
      const list = postings[x.colIdx[k]];
      for (let p = 0; p < list.length; p += 2) {
        const v = list[p];
        if (!hit[v]) {
          hit[v] = 1;
          touched.push(v);
        }
        acc[v] += xu * x.values[list[p + 1]];
      }
    }
    for (const v of touched) {
      visit(v, acc[v]);
      acc[v] = 0;
      hit[v] = 0;
    }
  };
}

function denseDots(x: DenseFeatures): DotVisitor {
  return (u, visit) => {
    for (let v = 0; v < x.rows; v++) {
      let s = 0;
      for (let c = 0; c < x.cols; c++) s += x.values[u * x.cols + c] * x.values[v * x.cols + c];
      visit(v, s);
    }
  };
}

function sparseRowNorms(x: Csr): Float64Array {
  const norm = new Float64Array(x.nRows);
  for (let i = 0; i < x.nRows; i++) {
    let s = 0;
    for (let k = x.rowPtr[i]; k < x.rowPtr[i + 1]; k++) s += x.values[k] * x.values[k];
    norm[i] = Math.sqrt(s);
  }
  return norm;
}

function denseRowNorms(x: DenseFeatures): Float64Array {
  const norm = new Float64Array(x.rows);
  for (let i = 0; i < x.rows; i++) {
    let s = 0;
    for (let c = 0; c < x.cols; c++) s += x.values[i * x.cols + c] ** 2;
    norm[i] = Math.sqrt(s);
  }
  return norm;
}
