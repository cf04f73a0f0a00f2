import { createRng, InvalidArgumentError, ShapeError, validateCsr } from '@gsn/tensor';
import type { DType, Real } from '@gsn/tensor';
import { denseFromCsr } from '@gsn/tensor/testing';
import { randomWeightedGraph } from './testing';
import { weightedGraph, withWeights } from './weighted-graph';
import type { WeightedGraph } from './weighted-graph';

function expectContract(g: WeightedGraph): void {
  validateCsr(g.adjacency, 'adjacency');
  expect(g.adjacency.nRows).toBe(g.nodes);
  expect(g.edgeOfEntry.length).toBe(g.adjacency.colIdx.length);
  for (let i = 0; i < g.nodes; i++) {
    for (let k = g.adjacency.rowPtr[i]; k < g.adjacency.rowPtr[i + 1]; k++) {
      const e = g.edgeOfEntry[k];
      expect(g.adjacency.values[k]).toBe(g.weights[e]);
      const j = g.adjacency.colIdx[k];
      const matches = (g.src[e] === i && g.dst[e] === j) || (!g.directed && g.src[e] === j && g.dst[e] === i);
      expect(matches).toBe(true);
    }
  }
  if (!g.directed) for (let e = 0; e < g.src.length; e++) expect(g.src[e]).toBeLessThanOrEqual(g.dst[e]);
}

describe('weightedGraph', () => {
  it('builds an undirected CSR adjacency holding both directions and a self-loop once', () => {
    const g = weightedGraph({ nodes: 4, src: [0, 2, 3, 1], dst: [1, 1, 3, 3], weights: [1, 2, 5, 3], dtype: 'float64' });
    expectContract(g);
    expect(g.weights).toBeInstanceOf(Float64Array);
    expect(Array.from(g.src)).toEqual([0, 1, 3, 1]);
    expect(Array.from(g.dst)).toEqual([1, 2, 3, 3]);
    expect(Array.from(denseFromCsr(g.adjacency))).toEqual([0, 1, 0, 0, 1, 0, 2, 3, 0, 2, 0, 0, 0, 3, 0, 5]);
  });

  it('keeps directed edges one way', () => {
    const g = weightedGraph({ nodes: 3, src: [2, 0], dst: [0, 1], directed: true, dtype: 'float64' });
    expectContract(g);
    expect(Array.from(denseFromCsr(g.adjacency))).toEqual([0, 1, 0, 0, 0, 0, 1, 0, 0]);
  });

  it('merges repeated edges in either orientation and keeps first-occurrence order', () => {
    const spec = { nodes: 3, src: [1, 0, 2, 1], dst: [2, 1, 1, 0], weights: [1, 4, 2, 3] };
    const sum = weightedGraph({ ...spec, duplicates: 'sum' });
    expectContract(sum);
    expect(Array.from(sum.src)).toEqual([1, 0]);
    expect(Array.from(sum.dst)).toEqual([2, 1]);
    expect(Array.from(sum.weights)).toEqual([3, 7]);
    expect(Array.from(weightedGraph({ ...spec, duplicates: 'max' }).weights)).toEqual([2, 4]);
    expect(Array.from(weightedGraph({ ...spec, duplicates: 'first' }).weights)).toEqual([1, 4]);
    expect(() => weightedGraph({ ...spec, duplicates: 'error' })).toThrow(InvalidArgumentError);
    expect(weightedGraph({ ...spec, directed: true }).src.length).toBe(4);
  });

  it('keeps the input edge order when there are no repeats, so weights[e] is input edge e', () => {
    const g = randomWeightedGraph(createRng(3), { nodes: 30, edges: 80 });
    const again = weightedGraph({ nodes: 30, src: g.dst, dst: g.src, weights: g.weights });
    expect(Array.from(again.weights)).toEqual(Array.from(g.weights));
    expect(again.weights).toBeInstanceOf(Float64Array);
    expectContract(g);
  });

  it('merges like a reference map on random edge lists with many repeats', () => {
    const rng = createRng(21);
    for (const directed of [false, true]) {
      const src = Array.from({ length: 300 }, () => rng.int(12));
      const dst = Array.from({ length: 300 }, () => rng.int(12));
      const weights = src.map(() => rng.int(9) + 1);
      const reference = new Map<string, number[]>();
      src.forEach((u, e) => {
        const v = dst[e];
        const key = directed || u <= v ? `${u},${v}` : `${v},${u}`;
        reference.set(key, [...(reference.get(key) ?? []), weights[e]]);
      });
      for (const duplicates of ['sum', 'max', 'first'] as const) {
        const g = weightedGraph({ nodes: 12, src, dst, weights, directed, duplicates, dtype: 'float64' });
        expectContract(g);
        const merge = (ws: number[]) =>
          duplicates === 'sum' ? ws.reduce((a, b) => a + b, 0) : duplicates === 'max' ? Math.max(...ws) : ws[0];
        const expected = [...reference.entries()].map(([key, ws]) => `${key}:${merge(ws)}`);
        expect(Array.from(g.src, (u, e) => `${u},${g.dst[e]}:${g.weights[e]}`)).toEqual(expected);
      }
    }
  });

  it('defaults to float32 with unit weights', () => {
    const g = weightedGraph({ nodes: 2, src: [0], dst: [1] });
    expect(g.weights).toBeInstanceOf(Float32Array);
    expect(g.adjacency.values).toBeInstanceOf(Float32Array);
    expect(Array.from(g.weights)).toEqual([1]);
    expect(g.directed).toBe(false);
  });

  it('handles a graph without edges or nodes', () => {
    expectContract(weightedGraph({ nodes: 3, src: [], dst: [] }));
    expectContract(weightedGraph({ nodes: 0, src: [], dst: [] }));
  });

  it('rejects bad ids, weights, lengths and options by class', () => {
    expect(() => weightedGraph({ nodes: 2, src: [0], dst: [2] })).toThrow(InvalidArgumentError);
    expect(() => weightedGraph({ nodes: 2, src: [-1], dst: [0] })).toThrow(InvalidArgumentError);
    expect(() => weightedGraph({ nodes: 2, src: [0.5], dst: [0] })).toThrow(InvalidArgumentError);
    expect(() => weightedGraph({ nodes: 2, src: [0], dst: [1], weights: [NaN] })).toThrow(InvalidArgumentError);
    expect(() => weightedGraph({ nodes: 2, src: [0, 1], dst: [1] })).toThrow(ShapeError);
    expect(() => weightedGraph({ nodes: 2, src: [0], dst: [1], weights: [1, 2] })).toThrow(ShapeError);
    expect(() => weightedGraph({ nodes: -1, src: [], dst: [] })).toThrow(InvalidArgumentError);
    expect(() => weightedGraph({ nodes: 2, src: [], dst: [], dtype: 'int8' as 'float32' })).toThrow(InvalidArgumentError);
    expect(() => weightedGraph({ nodes: 2, src: [], dst: [], duplicates: 'mean' as 'sum' })).toThrow(/duplicates/);
  });
});

describe('withWeights', () => {
  it('shares the structure and refreshes the adjacency values', () => {
    const g = randomWeightedGraph(createRng(7), { nodes: 12, edges: 25 });
    const before = Array.from(g.weights);
    const w = Array.from(g.weights, (_, e) => e + 1);
    const h = withWeights(g, w);
    expectContract(h);
    expect(h.adjacency.colIdx).toBe(g.adjacency.colIdx);
    expect(h.edgeOfEntry).toBe(g.edgeOfEntry);
    expect(h.weights).toBeInstanceOf(Float64Array);
    expect(Array.from(h.weights)).toEqual(w);
    expect(Array.from(g.weights)).toEqual(before);
  });

  it('keeps the precision of the graph and checks the weights', () => {
    const g = weightedGraph({ nodes: 3, src: [0, 1], dst: [1, 2] });
    expect(withWeights(g, new Float64Array([0.25, 3])).weights).toBeInstanceOf(Float32Array);
    expect(() => withWeights(g, [1])).toThrow(ShapeError);
    expect(() => withWeights(g, [1, Infinity])).toThrow(InvalidArgumentError);
  });
});

/** Compile-time equality of two types: `typecheck` fails when a precision type is wrong. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
function sameType<T extends true>(): T | undefined {
  return undefined;
}

describe('weightedGraph result precision', () => {
  it('follows a literal dtype, else Float64Array weights, else float32, and is Real when undecided', () => {
    const base = { nodes: 2, src: [0], dst: [1] };
    const plain = weightedGraph(base);
    const byDtype = weightedGraph({ ...base, dtype: 'float64' });
    const byWeights = weightedGraph({ ...base, weights: new Float64Array([2]) });
    const forced = weightedGraph({ ...base, weights: new Float64Array([2]), dtype: 'float32' });
    const dtype: DType = 'float64' as DType;
    const wide = weightedGraph({ ...base, dtype });
    sameType<Same<typeof plain.weights, Float32Array>>();
    sameType<Same<typeof byDtype.weights, Float64Array>>();
    sameType<Same<typeof byWeights.adjacency.values, Float64Array>>();
    sameType<Same<typeof forced.weights, Float32Array>>();
    sameType<Same<typeof wide.weights, Real>>();
    expect(plain.weights).toBeInstanceOf(Float32Array);
    expect(byDtype.weights).toBeInstanceOf(Float64Array);
    expect(byWeights.adjacency.values).toBeInstanceOf(Float64Array);
    expect(forced.weights).toBeInstanceOf(Float32Array);
    expect(wide.weights).toBeInstanceOf(Float64Array);
  });
});
