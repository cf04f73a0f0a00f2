import Graph from 'graphology';
import type { AbstractGraph, Attributes } from 'graphology-types';
import { InvalidArgumentError } from '@gsn/tensor';
import type { DType, Real } from '@gsn/tensor';
import type { RealOf } from './real-of';
import { weightedGraph } from './weighted-graph';
import type { DuplicateEdges, WeightedGraph } from './weighted-graph';

/** Reads an edge weight: an attribute name, or a function of the edge key and attributes. */
export type EdgeWeightGetter<EA extends Attributes = Attributes> = string | ((edge: string, attributes: EA) => number);

export interface FromGraphologyOptions<EA extends Attributes = Attributes, D extends DType = 'float32'> {
  /** Attribute name or getter; an edge without the attribute weighs 1 (graphology's convention). */
  readonly weight?: EdgeWeightGetter<EA>;
  readonly dtype?: D;
  /** How parallel edges of a multi graph are merged. */
  readonly duplicates?: DuplicateEdges;
}

export const FROM_GRAPHOLOGY_DEFAULTS = Object.freeze({
  weight: 'weight',
  dtype: 'float32' as DType,
  duplicates: 'sum' as DuplicateEdges,
});

/** A graph converted from graphology, with the graphology key of each node index. */
export interface ConvertedGraph<T extends Real> {
  readonly graph: WeightedGraph<T>;
  /** Shape: (nodes). */
  readonly nodeKeys: readonly string[];
}

/**
 * Converts any graphology graph (typed against graphology-types' `AbstractGraph`) into a
 * `WeightedGraph`, once, at the edge of the numerical core. Nodes are numbered in
 * graphology's iteration order; edges keep theirs. A mixed graph holding both directed and
 * undirected edges is refused.
 */
export function fromGraphology<EA extends Attributes = Attributes, D extends DType = 'float32'>(
  g: AbstractGraph<Attributes, EA>,
  options: FromGraphologyOptions<EA, D> = {},
): ConvertedGraph<RealOf<D>> {
  const weight = options.weight ?? FROM_GRAPHOLOGY_DEFAULTS.weight;
  if (typeof weight !== 'string' && typeof weight !== 'function') {
    throw new InvalidArgumentError(`fromGraphology: weight must be an attribute name or a function, got ${typeof weight}`);
  }
  if (g.directedSize > 0 && g.undirectedSize > 0) {
    throw new InvalidArgumentError(
      `fromGraphology: mixed graph with ${g.directedSize} directed and ${g.undirectedSize} undirected edges`,
    );
  }
  const directed = g.type === 'directed' || g.directedSize > 0;
  const nodeKeys: string[] = [];
  const index = new Map<string, number>();
  g.forEachNode((key) => {
    index.set(key, nodeKeys.length);
    nodeKeys.push(key);
  });
  const src = new Int32Array(g.size);
  const dst = new Int32Array(g.size);
  const weights = new Float64Array(g.size);
  let e = 0;
  g.forEachEdge((edge, attributes, source, target) => {
    src[e] = index.get(source)!;
    dst[e] = index.get(target)!;
    const w = typeof weight === 'function' ? weight(edge, attributes) : (attributes[weight] ?? 1);
    if (typeof w !== 'number' || !Number.isFinite(w)) {
      throw new InvalidArgumentError(`fromGraphology: edge '${edge}' has weight ${String(w)}, expected a finite number`);
    }
    weights[e++] = w;
  });
  const graph = weightedGraph({
    nodes: nodeKeys.length,
    src,
    dst,
    weights,
    directed,
    dtype: options.dtype ?? FROM_GRAPHOLOGY_DEFAULTS.dtype,
    duplicates: options.duplicates ?? FROM_GRAPHOLOGY_DEFAULTS.duplicates,
  }) as WeightedGraph as WeightedGraph<RealOf<D>>;
  return { graph, nodeKeys };
}

export interface ToGraphologyOptions {
  /** Node keys, one per node; `String(i)` when left out. */
  readonly nodeKeys?: readonly string[];
  /** Attributes of node i (labels, features for display, ...). */
  readonly nodeAttributes?: (node: number) => Attributes;
  /** Edge attribute that receives the weight. */
  readonly weightAttribute?: string;
}

export const TO_GRAPHOLOGY_DEFAULTS = Object.freeze({ weightAttribute: 'weight' });

/**
 * Writes a `WeightedGraph` back to a graphology `Graph` (simple, self-loops allowed,
 * directed or undirected as `g`). Edge e gets key `String(e)`, so results per edge map back.
 */
export function toGraphology(g: WeightedGraph, options: ToGraphologyOptions = {}): Graph {
  const { nodeKeys, nodeAttributes } = options;
  const weightAttribute = options.weightAttribute ?? TO_GRAPHOLOGY_DEFAULTS.weightAttribute;
  if (nodeKeys && nodeKeys.length !== g.nodes) {
    throw new InvalidArgumentError(`toGraphology: ${nodeKeys.length} node keys for ${g.nodes} nodes`);
  }
  const out = new Graph({ type: g.directed ? 'directed' : 'undirected', multi: false, allowSelfLoops: true });
  const keys: string[] = [];
  for (let i = 0; i < g.nodes; i++) {
    keys.push(nodeKeys ? nodeKeys[i] : String(i));
    out.addNode(keys[i], nodeAttributes ? nodeAttributes(i) : {});
  }
  for (let e = 0; e < g.src.length; e++) {
    out.addEdgeWithKey(String(e), keys[g.src[e]], keys[g.dst[e]], { [weightAttribute]: g.weights[e] });
  }
  return out;
}
