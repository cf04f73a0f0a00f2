import { InvalidArgumentError, ShapeError } from '@gsn/tensor';
import {
  CANDIDATE_KIND_NAMES,
  CandidateKind,
  edgeCount,
  isFaceOf,
  relabelNodes,
  stratumSummary,
  support,
  supportSize,
  validateModuliPoint,
  withPointWeights,
} from './moduli-point';
import type { ModuliPoint } from './moduli-point';

function triangle(): ModuliPoint<Float64Array> {
  return {
    nodes: 4,
    src: Int32Array.from([0, 0, 1]),
    dst: Int32Array.from([1, 2, 3]),
    weights: Float64Array.from([0.5, 0, 2]),
    candidateKind: Uint8Array.from([CandidateKind.input, CandidateKind.twoHop, CandidateKind.knn]),
  };
}

describe('moduli points and strata', () => {
  it('reads the stratum (support) and its dimension', () => {
    const p = triangle();
    expect(edgeCount(p)).toBe(3);
    expect(Array.from(support(p.weights))).toEqual([0, 2]);
    expect(supportSize(p.weights)).toBe(2);
    expect(CANDIDATE_KIND_NAMES[p.candidateKind[2]]).toBe('knn');
    expect(stratumSummary(p)).toEqual({
      all: { candidates: 3, present: 2 },
      input: { candidates: 1, present: 1 },
      'two-hop': { candidates: 1, present: 0 },
      knn: { candidates: 1, present: 1 },
    });
  });

  it('decides the face relation: support(lower) within support(upper)', () => {
    const upper = Float64Array.from([1, 0, 2]);
    expect(isFaceOf(Float64Array.from([0, 0, 3]), upper)).toBe(true);
    expect(isFaceOf(new Float64Array(3), upper)).toBe(true); // the empty graph is a face of everything
    expect(isFaceOf(upper, upper)).toBe(true);
    expect(isFaceOf(Float64Array.from([0, 1, 0]), upper)).toBe(false);
    expect(() => isFaceOf(new Float64Array(2), upper)).toThrow(ShapeError);
  });

  it('validates the invariants: canonical sorted edges, finite non-negative weights', () => {
    expect(() => validateModuliPoint(triangle())).not.toThrow();
    expect(() => validateModuliPoint({ ...triangle(), weights: Float64Array.from([0.5, -1, 2]) })).toThrow(/weights\[1\]/);
    expect(() => validateModuliPoint({ ...triangle(), dst: Int32Array.from([1, 0, 3]) })).toThrow(InvalidArgumentError);
    expect(() => validateModuliPoint({ ...triangle(), src: Int32Array.from([0, 0, 0]), dst: Int32Array.from([1, 1, 3]) })).toThrow(
      /unsorted or repeated/,
    );
    expect(() => validateModuliPoint({ ...triangle(), candidateKind: new Uint8Array(2) })).toThrow(ShapeError);
    expect(() => withPointWeights(triangle(), Float64Array.from([1, NaN, 0]))).toThrow(InvalidArgumentError);
    expect(withPointWeights(triangle(), Float32Array.from([1, 1, 0])).weights).toBeInstanceOf(Float32Array);
  });

  it('relabels nodes: canonical (min, max) edges, re-sorted, edgeMap carries weights and kinds', () => {
    const p = triangle();
    const { point, edgeMap } = relabelNodes(p, [3, 2, 1, 0]);
    // (0,1)->(2,3), (0,2)->(1,3), (1,3)->(0,2): sorted (0,2), (1,3), (2,3).
    expect(Array.from(point.src)).toEqual([0, 1, 2]);
    expect(Array.from(point.dst)).toEqual([2, 3, 3]);
    expect(Array.from(edgeMap)).toEqual([2, 1, 0]);
    expect(Array.from(point.weights)).toEqual([2, 0, 0.5]);
    expect(Array.from(point.candidateKind)).toEqual([CandidateKind.knn, CandidateKind.twoHop, CandidateKind.input]);
    validateModuliPoint(point);
    expect(() => relabelNodes(p, [0, 0, 1, 2])).toThrow(/not a permutation/);
    expect(() => relabelNodes(p, [0, 1])).toThrow(ShapeError);
  });
});
