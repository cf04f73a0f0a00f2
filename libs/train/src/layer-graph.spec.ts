import { weightedGraph } from '@gsn/graph';
import { InvalidArgumentError } from '@gsn/tensor';
import { formatLayerGraph, INPUT_LAYER_GRAPH, layerGraph, parseLayerGraph } from './layer-graph';

// 6 nodes on a path 0-1-2-3-4-5; node i's features are one-hot in i mod 3, so its feature
// neighbours (cosine 1) are i ± 3 and nobody else (cosine 0 is not > 0).
const nodes = 6;
const path = weightedGraph({ nodes, src: [0, 1, 2, 3, 4], dst: [1, 2, 3, 4, 5] });
const features = {
  nRows: nodes,
  nCols: 3,
  rowPtr: Int32Array.from({ length: nodes + 1 }, (_, i) => i),
  colIdx: Int32Array.from({ length: nodes }, (_, i) => i % 3),
  values: new Float32Array(nodes).fill(1),
};
// An undirected WeightedGraph lists each edge once.
const edgesOf = (g: { src: Int32Array; dst: Int32Array; weights: ArrayLike<number> }) =>
  Array.from(g.src, (u, e) => [Math.min(u, g.dst[e]), Math.max(u, g.dst[e]), g.weights[e]]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);

describe('layerGraph', () => {
  it('input is the dataset graph itself', () => {
    expect(layerGraph(path, features, INPUT_LAYER_GRAPH)).toBe(path);
  });

  it('knn:K is each node joined to its most cosine-similar nodes, weight 1, undirected', () => {
    expect(edgesOf(layerGraph(path, features, { input: false, knn: 1 }))).toEqual([
      [0, 3, 1],
      [1, 4, 1],
      [2, 5, 1],
    ]);
  });

  it('input+knn:K is the union, input weights kept', () => {
    const weighted = weightedGraph({ nodes, src: [0, 1, 2, 3, 4], dst: [1, 2, 3, 4, 5], weights: [2, 2, 2, 2, 2] });
    const union = edgesOf(layerGraph(weighted, features, { input: true, knn: 1 }));
    expect(union).toEqual([
      [0, 1, 2],
      [0, 3, 1],
      [1, 2, 2],
      [1, 4, 1],
      [2, 3, 2],
      [2, 5, 1],
      [3, 4, 2],
      [4, 5, 2],
    ]);
  });

  it('refuses a graph of no edges at all', () => {
    expect(() => layerGraph(path, features, { input: false, knn: 0 })).toThrow(/neither input nor k-NN/);
  });
});

describe('parseLayerGraph', () => {
  it('reads input, knn:K and input+knn:K, and formats them back', () => {
    for (const text of ['input', 'knn:2', 'input+knn:5']) expect(formatLayerGraph(parseLayerGraph(text))).toBe(text);
    expect(parseLayerGraph('knn:2')).toEqual({ input: false, knn: 2 });
    expect(parseLayerGraph('input+knn:3')).toEqual({ input: true, knn: 3 });
  });

  it('refuses anything else, naming it', () => {
    for (const text of ['knn', 'knn:0', 'knn:-1', 'knn:1.5', 'input+', 'features', '']) {
      expect(() => parseLayerGraph(text)).toThrow(InvalidArgumentError);
      expect(() => parseLayerGraph(text)).toThrow(`'${text}'`);
    }
  });
});
