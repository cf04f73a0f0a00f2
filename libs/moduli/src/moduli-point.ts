import { InvalidArgumentError, ShapeError } from '@gsn/tensor';
import type { Real, RealConstructor } from '@gsn/tensor';

/**
 * Where a candidate edge came from. Codes are stored per edge in a `Uint8Array`
 * (`CANDIDATE_KIND_NAMES[code]` is the readable name).
 */
export const CandidateKind = Object.freeze({ input: 0, twoHop: 1, knn: 2 });
export type CandidateKindCode = (typeof CandidateKind)[keyof typeof CandidateKind];
export const CANDIDATE_KIND_NAMES = Object.freeze(['input', 'two-hop', 'knn'] as const);
export type CandidateKindName = (typeof CANDIDATE_KIND_NAMES)[number];

/**
 * A point of the weighted-graph moduli space W = R_{>=0}^{E_pot} (SPEC 4.6): a fixed candidate
 * edge set E_pot (undirected, `src[e] < dst[e]`, sorted by (src, dst), no duplicates) and a
 * non-negative weight per candidate edge. Its stratum is the support {e : weights[e] > 0};
 * a zero weight means the edge is absent but may re-enter.
 *
 * Shapes: src, dst, weights, candidateKind (edges).
 */
export interface ModuliPoint<T extends Real = Real> {
  readonly nodes: number;
  readonly src: Int32Array;
  readonly dst: Int32Array;
  readonly weights: T;
  readonly candidateKind: Uint8Array;
}

export function edgeCount(point: ModuliPoint): number {
  return point.src.length;
}

/** Checks the invariants of a moduli point; `name` is used in the error message. */
export function validateModuliPoint(point: ModuliPoint, name = 'point'): void {
  const m = point.src.length;
  if (!Number.isInteger(point.nodes) || point.nodes < 0) {
    throw new InvalidArgumentError(`${name}.nodes must be a non-negative integer, got ${point.nodes}`);
  }
  if (point.dst.length !== m || point.weights.length !== m || point.candidateKind.length !== m) {
    throw new ShapeError(
      `${name}: src has ${m} edges but dst ${point.dst.length}, weights ${point.weights.length}, ` +
        `candidateKind ${point.candidateKind.length}`,
    );
  }
  for (let e = 0; e < m; e++) {
    const u = point.src[e];
    const v = point.dst[e];
    if (u < 0 || v >= point.nodes || u >= v) {
      throw new InvalidArgumentError(`${name}: edge ${e} = (${u}, ${v}) is not 0 <= src < dst < ${point.nodes}`);
    }
    if (e > 0 && (point.src[e - 1] > u || (point.src[e - 1] === u && point.dst[e - 1] >= v))) {
      throw new InvalidArgumentError(`${name}: edge ${e} = (${u}, ${v}) is unsorted or repeated`);
    }
    const w = point.weights[e];
    if (!(w >= 0) || !Number.isFinite(w)) {
      throw new InvalidArgumentError(`${name}.weights[${e}] = ${w} is not a finite non-negative number`);
    }
    if (point.candidateKind[e] >= CANDIDATE_KIND_NAMES.length) {
      throw new InvalidArgumentError(`${name}.candidateKind[${e}] = ${point.candidateKind[e]} is unknown`);
    }
  }
}

/** The same candidate edges with other weights (validated: same length, finite, >= 0). */
export function withPointWeights<T extends Real>(point: ModuliPoint, weights: T): ModuliPoint<T> {
  if (weights.length !== point.src.length) {
    throw new ShapeError(`withPointWeights: ${weights.length} weights for ${point.src.length} edges`);
  }
  for (let e = 0; e < weights.length; e++) {
    if (!(weights[e] >= 0) || !Number.isFinite(weights[e])) {
      throw new InvalidArgumentError(`withPointWeights: weights[${e}] = ${weights[e]} is not finite and >= 0`);
    }
  }
  return { ...point, weights };
}

/** The stratum of `weights`: indices of the edges with positive weight, increasing. */
export function support(weights: Real): Int32Array {
  const out: number[] = [];
  for (let e = 0; e < weights.length; e++) if (weights[e] > 0) out.push(e);
  return Int32Array.from(out);
}

/** |sigma|, the dimension of the open stratum containing `weights`. */
export function supportSize(weights: Real): number {
  let count = 0;
  for (let e = 0; e < weights.length; e++) if (weights[e] > 0) count++;
  return count;
}

/**
 * The face relation: the stratum of `lower` lies in the closure of the stratum of `upper`
 * iff support(lower) is a subset of support(upper) (both on the same candidate edges).
 */
export function isFaceOf(lower: Real, upper: Real): boolean {
  if (lower.length !== upper.length) {
    throw new ShapeError(`isFaceOf: weight vectors of lengths ${lower.length} and ${upper.length}`);
  }
  for (let e = 0; e < lower.length; e++) if (lower[e] > 0 && !(upper[e] > 0)) return false;
  return true;
}

/**
 * Relabels nodes by `perm` (old node i becomes node perm[i]): the action of S_n on W whose
 * quotient is the moduli space of unlabelled graphs. Edges are re-canonicalised
 * (min, max) and re-sorted; `edgeMap[e]` is the new index of old edge e.
 */
export function relabelNodes<T extends Real>(
  point: ModuliPoint<T>,
  perm: ArrayLike<number>,
): { point: ModuliPoint<T>; edgeMap: Int32Array } {
  const n = point.nodes;
  if (perm.length !== n) throw new ShapeError(`relabelNodes: perm has length ${perm.length}, expected ${n}`);
  const seen = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const p = perm[i];
    if (!Number.isInteger(p) || p < 0 || p >= n || seen[p]) {
      throw new InvalidArgumentError(`relabelNodes: perm is not a permutation of 0..${n - 1} (entry ${i} = ${p})`);
    }
    seen[p] = 1;
  }
  const m = point.src.length;
  const a = new Int32Array(m);
  const b = new Int32Array(m);
  for (let e = 0; e < m; e++) {
    const pu = perm[point.src[e]];
    const pv = perm[point.dst[e]];
    a[e] = Math.min(pu, pv);
    b[e] = Math.max(pu, pv);
  }
  const order = Array.from({ length: m }, (_, e) => e).sort((x, y) => a[x] - a[y] || b[x] - b[y]);
  const edgeMap = new Int32Array(m);
  const src = new Int32Array(m);
  const dst = new Int32Array(m);
  const weights = new (point.weights.constructor as RealConstructor)(m) as T;
  const candidateKind = new Uint8Array(m);
  order.forEach((e, k) => {
    edgeMap[e] = k;
    src[k] = a[e];
    dst[k] = b[e];
    weights[k] = point.weights[e];
    candidateKind[k] = point.candidateKind[e];
  });
  return { point: { nodes: n, src, dst, weights, candidateKind }, edgeMap };
}

/** Per candidate kind: how many candidate edges there are and how many are present (w > 0). */
export type StratumSummary = Readonly<Record<CandidateKindName | 'all', { candidates: number; present: number }>>;

/** Counts of candidate and present edges, overall and per candidate kind (for reports). */
export function stratumSummary(point: ModuliPoint): StratumSummary {
  const out = {
    all: { candidates: 0, present: 0 },
    input: { candidates: 0, present: 0 },
    'two-hop': { candidates: 0, present: 0 },
    knn: { candidates: 0, present: 0 },
  };
  for (let e = 0; e < point.src.length; e++) {
    const present = point.weights[e] > 0 ? 1 : 0;
    const kind = out[CANDIDATE_KIND_NAMES[point.candidateKind[e]]];
    kind.candidates++;
    kind.present += present;
    out.all.candidates++;
    out.all.present += present;
  }
  return out;
}
