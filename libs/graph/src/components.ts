import type { WeightedGraph } from './weighted-graph';

/** Connected components; `component[i]` numbers them in order of their smallest node. */
export interface Components {
  readonly count: number;
  /** Shape: (nodes). */
  readonly component: Int32Array;
  /** Nodes per component. Shape: (count). */
  readonly sizes: Int32Array;
}

/**
 * Connected components by union-find over the edge list (weakly connected components
 * when the graph is directed), O(edges * alpha(nodes)).
 */
export function connectedComponents(g: WeightedGraph): Components {
  const parent = new Int32Array(g.nodes);
  for (let i = 0; i < g.nodes; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  for (let e = 0; e < g.src.length; e++) {
    const ru = find(g.src[e]);
    const rv = find(g.dst[e]);
    if (ru < rv) parent[rv] = ru;
    else if (rv < ru) parent[ru] = rv;
  }
  // Roots are the smallest node of their tree, so numbering in node order numbers components by smallest node.
  const component = new Int32Array(g.nodes);
  const sizesList: number[] = [];
  for (let i = 0; i < g.nodes; i++) {
    const r = find(i);
    if (r === i) {
      component[i] = sizesList.length;
      sizesList.push(0);
    } else {
      component[i] = component[r];
    }
    sizesList[component[i]]++;
  }
  return { count: sizesList.length, component, sizes: Int32Array.from(sizesList) };
}
