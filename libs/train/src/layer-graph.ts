import type { WeightedGraph } from '@gsn/graph';
import { moduliGraph, moduliPoint } from '@gsn/moduli';
import { InvalidArgumentError, type Csr } from '@gsn/tensor';

/**
 * The graph the stationary and sheaf layers run on (and graph learning starts from): the
 * dataset's edges (`input`), plus or instead of each node's `knn` most cosine-similar nodes in
 * the features. On a heterophilous graph the input edges mostly join nodes of different
 * classes, the feature neighbours mostly nodes of one class (Texas: 6 % and 70 %).
 */
export interface LayerGraphChoice {
  readonly input: boolean;
  /** Feature nearest neighbours per node (0: none). */
  readonly knn: number;
}

export const INPUT_LAYER_GRAPH: LayerGraphChoice = Object.freeze({ input: true, knn: 0 });

/** `input`, `knn:K` or `input+knn:K` (K ≥ 1), as `--layer-graph` takes it. */
export function parseLayerGraph(text: string): LayerGraphChoice {
  const m = /^(input)$|^(input\+)?knn:(\d+)$/.exec(text);
  if (!m || (m[3] !== undefined && Number(m[3]) < 1)) throw new InvalidArgumentError(`layer graph '${text}' is not input, knn:K or input+knn:K with K ≥ 1`);
  return m[1] ? INPUT_LAYER_GRAPH : { input: m[2] !== undefined, knn: Number(m[3]) };
}

export function formatLayerGraph(choice: LayerGraphChoice): string {
  return choice.knn === 0 ? 'input' : `${choice.input ? 'input+' : ''}knn:${choice.knn}`;
}

/**
 * The layers' graph `choice` names, from the dataset's `graph` and `features` (one row per
 * node). `input` is `graph` itself; with k-NN edges, every edge has weight 1 (input weights
 * kept), undirected, self-loops dropped. A node's k-NN edges are its `knn` most similar
 * non-neighbours by cosine > 0 (ties at the k-th place all left out: `moduliPoint`), so it
 * may have fewer, and more through its neighbours' choices.
 */
export function layerGraph(graph: WeightedGraph, features: Csr, choice: LayerGraphChoice): WeightedGraph {
  if (choice.knn === 0) {
    if (!choice.input) throw new InvalidArgumentError('layerGraph: a graph of neither input nor k-NN edges has no edges');
    return graph;
  }
  const base = choice.input ? graph : { nodes: graph.nodes, src: [], dst: [] };
  return moduliGraph(moduliPoint(base, { knnPerNode: choice.knn, features, candidateWeight: 1, dtype: 'float32' })) as WeightedGraph;
}
