import { connectedComponents } from './components';
import { weightedGraph } from './weighted-graph';

describe('connectedComponents', () => {
  it('finds the components of a constructed graph, numbered by smallest node', () => {
    // {0, 3, 5} via a path, {1, 4} via an edge, {2} a self-loop, {6} isolated, {7, 8, 9} a triangle.
    const g = weightedGraph({ nodes: 10, src: [5, 3, 4, 2, 9, 8, 7], dst: [3, 0, 1, 2, 8, 7, 9] });
    const { count, component, sizes } = connectedComponents(g);
    expect(count).toBe(5);
    expect(Array.from(component)).toEqual([0, 1, 2, 0, 1, 0, 3, 4, 4, 4]);
    expect(Array.from(sizes)).toEqual([3, 2, 1, 1, 3]);
  });

  it('gives weakly connected components of a directed graph', () => {
    const g = weightedGraph({ nodes: 4, src: [1, 3], dst: [0, 0], directed: true });
    expect(connectedComponents(g).count).toBe(2);
  });

  it('handles a graph without nodes', () => {
    expect(connectedComponents(weightedGraph({ nodes: 0, src: [], dst: [] })).count).toBe(0);
  });
});
