import Graph from 'graphology';
import { parse as parseGexf } from 'graphology-gexf';
import { parse as parseGraphml } from 'graphology-graphml';
import { createRng, InvalidArgumentError } from '@gsn/tensor';
import { toGexf, toGraphml } from './graph-formats';
import { fromGraphology, toGraphology } from './graphology';
import { randomWeightedGraph } from './testing';
import { weightedGraph } from './weighted-graph';
import type { WeightedGraph } from './weighted-graph';

function expectSameGraph(a: WeightedGraph, b: WeightedGraph): void {
  expect(b.nodes).toBe(a.nodes);
  expect(b.directed).toBe(a.directed);
  expect(Array.from(b.src)).toEqual(Array.from(a.src));
  expect(Array.from(b.dst)).toEqual(Array.from(a.dst));
  expect(Array.from(b.weights)).toEqual(Array.from(a.weights));
  expect(Array.from(b.adjacency.rowPtr)).toEqual(Array.from(a.adjacency.rowPtr));
  expect(Array.from(b.adjacency.colIdx)).toEqual(Array.from(a.adjacency.colIdx));
}

describe('graphology interop', () => {
  it('round-trips undirected and directed graphs with their weights and node keys', () => {
    const rng = createRng(11);
    for (const directed of [false, true]) {
      const g = randomWeightedGraph(rng, { nodes: 15, edges: 30, directed });
      const keys = Array.from({ length: 15 }, (_, i) => `n${i}`);
      const h = toGraphology(g, { nodeKeys: keys, nodeAttributes: (i) => ({ label: i % 3 }) });
      expect(h.type).toBe(directed ? 'directed' : 'undirected');
      expect(h.getNodeAttribute('n4', 'label')).toBe(1);
      expect(h.getEdgeAttribute('3', 'weight')).toBe(g.weights[3]);
      const back = fromGraphology(h, { dtype: 'float64' });
      expect(back.nodeKeys).toEqual(keys);
      expectSameGraph(g, back.graph);
    }
  });

  it('reads weights by attribute name or getter, 1 when the attribute is missing', () => {
    const h = new Graph({ type: 'undirected' });
    h.addNode('a');
    h.addNode('b');
    h.addNode('c');
    h.addEdge('a', 'b', { strength: 2.5 });
    h.addEdge('b', 'c', {});
    expect(Array.from(fromGraphology(h, { weight: 'strength' }).graph.weights)).toEqual([2.5, 1]);
    const byGetter = fromGraphology(h, { weight: (_edge, attrs) => (attrs['strength'] ?? 0) + 1, dtype: 'float64' });
    expect(byGetter.graph.weights).toBeInstanceOf(Float64Array);
    expect(Array.from(byGetter.graph.weights)).toEqual([3.5, 1]);
    expect(fromGraphology(h).graph.weights).toBeInstanceOf(Float32Array);
    h.addEdge('a', 'c', { weight: 'heavy' });
    expect(() => fromGraphology(h)).toThrow(InvalidArgumentError);
  });

  it('merges parallel edges of a multi graph and refuses a truly mixed graph', () => {
    const multi = new Graph({ type: 'undirected', multi: true });
    multi.mergeNode('x');
    multi.mergeNode('y');
    multi.addEdge('x', 'y', { weight: 1 });
    multi.addEdge('y', 'x', { weight: 2 });
    expect(Array.from(fromGraphology(multi).graph.weights)).toEqual([3]);
    expect(Array.from(fromGraphology(multi, { duplicates: 'max' }).graph.weights)).toEqual([2]);
    const mixed = new Graph({ type: 'mixed' });
    mixed.mergeNode('x');
    mixed.mergeNode('y');
    mixed.addDirectedEdge('x', 'y');
    expect(fromGraphology(mixed).graph.directed).toBe(true);
    mixed.addUndirectedEdge('x', 'y');
    expect(() => fromGraphology(mixed)).toThrow(InvalidArgumentError);
  });

  it('refuses node keys of the wrong count', () => {
    const g = weightedGraph({ nodes: 2, src: [0], dst: [1] });
    expect(() => toGraphology(g, { nodeKeys: ['a'] })).toThrow(InvalidArgumentError);
  });
});

describe('GEXF and GraphML export', () => {
  const g = weightedGraph({ nodes: 4, src: [0, 1, 2, 3], dst: [1, 2, 0, 3], weights: [0.5, 2, 3.25, 1], dtype: 'float64' });
  const nodeAttributes = (i: number) => ({ label: `node <${i}> & "friends"`, cls: i % 2 });

  it('writes GEXF that graphology-gexf reads back to the same graph', () => {
    const text = toGexf(g, { nodeAttributes });
    expect(text).toContain('<gexf');
    const back = parseGexf(Graph, text);
    expect(back.getNodeAttribute('2', 'label')).toBe('node <2> & "friends"');
    expectSameGraph(g, fromGraphology(back, { dtype: 'float64' }).graph);
  });

  it('writes GraphML that graphology-graphml reads back to the same graph', () => {
    const text = toGraphml(g, { nodeAttributes });
    expect(text).toContain('<graphml');
    const back = parseGraphml(Graph, text);
    expect(back.getNodeAttribute('2', 'label')).toBe('node <2> & "friends"');
    expect(back.getNodeAttribute('3', 'cls')).toBe(1);
    expectSameGraph(g, fromGraphology(back, { dtype: 'float64' }).graph);
    const directed = weightedGraph({ nodes: 2, src: [1], dst: [0], directed: true });
    expect(fromGraphology(parseGraphml(Graph, toGraphml(directed))).graph.directed).toBe(true);
  });
});
