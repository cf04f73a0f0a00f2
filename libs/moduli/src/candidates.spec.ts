import { InvalidArgumentError, ShapeError, createRng } from '@gsn/tensor';
import type { Csr } from '@gsn/tensor';
import { moduliPoint } from './candidates';
import type { DenseFeatures } from './candidates';
import { CANDIDATE_KIND_NAMES, relabelNodes, support, validateModuliPoint } from './moduli-point';
import type { ModuliPoint } from './moduli-point';

function edges(p: ModuliPoint): string[] {
  return Array.from(p.src, (u, e) => `${u}-${p.dst[e]}:${CANDIDATE_KIND_NAMES[p.candidateKind[e]]}`);
}

function denseToCsr(x: DenseFeatures): Csr<Float64Array> {
  const rowPtr = [0];
  const colIdx: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < x.rows; i++) {
    for (let c = 0; c < x.cols; c++) {
      if (x.values[i * x.cols + c] !== 0) {
        colIdx.push(c);
        values.push(x.values[i * x.cols + c]);
      }
    }
    rowPtr.push(colIdx.length);
  }
  return {
    nRows: x.rows,
    nCols: x.cols,
    rowPtr: Int32Array.from(rowPtr),
    colIdx: Int32Array.from(colIdx),
    values: Float64Array.from(values),
  };
}

describe('moduliPoint (candidate edge sets)', () => {
  it('takes the input edges undirected, drops self-loops, merges both directions to the larger weight', () => {
    const p = moduliPoint({
      nodes: 3,
      src: [1, 0, 2, 2],
      dst: [0, 1, 1, 2],
      weights: Float32Array.from([2, 3, 1, 9]),
    });
    expect(edges(p)).toEqual(['0-1:input', '1-2:input']);
    expect(Array.from(p.weights)).toEqual([3, 1]);
    expect(p.weights).toBeInstanceOf(Float32Array);
    const unweighted = moduliPoint({ nodes: 3, src: [0], dst: [2] }, { dtype: 'float64' });
    expect(unweighted.weights).toEqual(Float64Array.of(1));
  });

  it('adds 2-hop candidates capped per node, at zero weight (on the lower face)', () => {
    // Path 0-1-2-3-4: each node's 2-hop non-neighbours.
    const path = { nodes: 5, src: [0, 1, 2, 3], dst: [1, 2, 3, 4] };
    const p = moduliPoint(path, { twoHopPerNode: 3 });
    expect(edges(p)).toEqual([
      '0-1:input',
      '0-2:two-hop',
      '1-2:input',
      '1-3:two-hop',
      '2-3:input',
      '2-4:two-hop',
      '3-4:input',
    ]);
    expect(Array.from(support(p.weights))).toEqual([0, 2, 4, 6]);
    validateModuliPoint(p);
    // Star with centre 0 and a pendant 5 on leaf 1: leaf 2's 2-hop candidates 1, 3, 4 tie
    // (one common neighbour, the centre) and are dropped at cap 1; node 5's only one is kept.
    const star = moduliPoint({ nodes: 6, src: [0, 0, 0, 0, 1], dst: [1, 2, 3, 4, 5] }, { twoHopPerNode: 1 });
    expect(edges(star).filter((s) => s.endsWith('two-hop'))).toEqual(['0-5:two-hop']);
    const withWeight = moduliPoint(path, { twoHopPerNode: 1, candidateWeight: 0.25 });
    expect(withWeight.weights[1]).toBe(0.25);
  });

  it('scores 2-hop candidates by resource allocation: the shared low-degree neighbour wins', () => {
    // 0 reaches 3 through 1 (degree 2) and 4, 5, 6 through the hub 2 (degree 4): one common
    // neighbour each, so common-neighbour counts would tie; resource allocation gives 1/2 vs 1/4.
    const g = { nodes: 7, src: [0, 1, 0, 2, 2, 2], dst: [1, 3, 2, 4, 5, 6] };
    const p = moduliPoint(g, { twoHopPerNode: 1 });
    const fromZero = edges(p).filter((s) => s.startsWith('0-') && s.endsWith('two-hop'));
    expect(fromZero).toEqual(['0-3:two-hop']);
  });

  it('adds cosine k-NN candidates; sparse and dense features give the same set', () => {
    const rng = createRng(5);
    const rows = 30;
    const cols = 8;
    const values = Float64Array.from({ length: rows * cols }, () => (rng.next() < 0.4 ? rng.next() : 0));
    const dense = { rows, cols, values };
    const graph = { nodes: rows, src: [0, 1, 2], dst: [1, 2, 3] };
    const a = moduliPoint(graph, { knnPerNode: 3, features: dense });
    const b = moduliPoint(graph, { knnPerNode: 3, features: denseToCsr(dense) });
    expect(edges(a)).toEqual(edges(b));
    const knn = edges(a).filter((s) => s.endsWith('knn')).length;
    expect(knn).toBeGreaterThan(rows);
    expect(knn).toBeLessThanOrEqual(rows * 3); // each node proposes at most 3
    const strict = moduliPoint(graph, { knnPerNode: 3, features: dense, minSimilarity: 0.999 });
    expect(edges(strict).filter((s) => s.endsWith('knn')).length).toBeLessThan(edges(a).length);
  });

  it('keeps the nearest feature neighbour per node (k = 1) and skips existing edges', () => {
    // Nodes 0,1 nearly parallel, 2,3 nearly parallel; edge 0-1 exists already.
    const dense = { rows: 4, cols: 2, values: Float64Array.from([1, 0, 1, 0.1, 0, 1, 0.1, 1]) };
    const p = moduliPoint({ nodes: 4, src: [0], dst: [1] }, { knnPerNode: 1, features: dense });
    expect(edges(p)).toEqual(['0-1:input', '0-3:knn', '1-3:knn', '2-3:knn']);
  });

  it('P11: the candidate set is equivariant under relabelling the nodes', () => {
    const rng = createRng(9);
    const n = 25;
    const src: number[] = [];
    const dst: number[] = [];
    for (let u = 0; u < n; u++) {
      for (let v = u + 1; v < n; v++) {
        if (rng.next() < 0.12) {
          src.push(u);
          dst.push(v);
        }
      }
    }
    const values = Float64Array.from({ length: n * 4 }, () => (rng.next() < 0.5 ? 1 : 0));
    const opts = { twoHopPerNode: 2, knnPerNode: 2, features: { rows: n, cols: 4, values } };
    const p = moduliPoint({ nodes: n, src, dst }, opts);
    const perm = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [perm[i], perm[j]] = [perm[j], perm[i]];
    }
    const permutedValues = new Float64Array(values.length);
    for (let i = 0; i < n; i++) permutedValues.set(values.subarray(i * 4, i * 4 + 4), perm[i] * 4);
    const q = moduliPoint(
      { nodes: n, src: src.map((u) => perm[u]), dst: dst.map((v) => perm[v]) },
      { ...opts, features: { rows: n, cols: 4, values: permutedValues } },
    );
    expect(edges(q)).toEqual(edges(relabelNodes(p, perm).point));
    expect(edges(p).some((s) => s.endsWith('knn'))).toBe(true);
    expect(edges(p).some((s) => s.endsWith('two-hop'))).toBe(true);
  });

  it('validates options and inputs, naming the field', () => {
    const g = { nodes: 3, src: [0], dst: [1] };
    expect(() => moduliPoint(g, { twoHopPerNode: -1 })).toThrow(/twoHopPerNode/);
    expect(() => moduliPoint(g, { knnPerNode: 2 })).toThrow(/features/);
    expect(() => moduliPoint(g, { knnPerNode: 2, features: { rows: 2, cols: 1, values: new Float64Array(2) } })).toThrow(
      ShapeError,
    );
    expect(() => moduliPoint(g, { candidateWeight: -1 })).toThrow(/candidateWeight/);
    expect(() => moduliPoint({ nodes: 3, src: [0], dst: [3] })).toThrow(InvalidArgumentError);
    expect(() => moduliPoint({ nodes: 3, src: [0], dst: [1], weights: Float64Array.of(-2) })).toThrow(/weights\[0\]/);
    expect(() => moduliPoint({ nodes: 3, src: [0, 1], dst: [1] })).toThrow(ShapeError);
  });
});
