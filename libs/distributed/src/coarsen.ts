import type { Rng } from '@gsn/tensor';
import type { PartitionGraph } from './partition-graph';

/** One coarsening step: the coarse graph and the map fine vertex -> coarse vertex. */
export interface CoarseLevel {
  readonly graph: PartitionGraph;
  readonly cmap: Int32Array;
}

/** A random order of 0..n-1 drawn from `rng` (Fisher-Yates). */
export function randomOrder(n: number, rng: Rng): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

/**
 * Heavy-edge matching (METIS): visit vertices in random order and match each unmatched vertex
 * with the unmatched neighbour across the heaviest edge, as long as the pair's weight stays
 * under `maxVertexWeight` (so no coarse vertex gets too heavy to balance). Matched pairs
 * collapse into one coarse vertex; their parallel edges add up, edges inside a pair vanish,
 * so the coarse graph keeps exactly the cut of every partition it can express.
 */
export function coarsen(g: PartitionGraph, maxVertexWeight: number, rng: Rng): CoarseLevel {
  const { n, xadj, adjncy, adjwgt, vwgt } = g;
  const match = new Int32Array(n).fill(-1);
  const order = randomOrder(n, rng);
  for (let i = 0; i < n; i++) {
    const u = order[i];
    if (match[u] !== -1) continue;
    let best = u;
    let bestWeight = -1;
    for (let k = xadj[u]; k < xadj[u + 1]; k++) {
      const v = adjncy[k];
      if (match[v] === -1 && adjwgt[k] > bestWeight && vwgt[u] + vwgt[v] <= maxVertexWeight) {
        best = v;
        bestWeight = adjwgt[k];
      }
    }
    match[u] = best;
    match[best] = u;
  }
  const cmap = new Int32Array(n).fill(-1);
  let nc = 0;
  for (let u = 0; u < n; u++) {
    if (cmap[u] !== -1) continue;
    cmap[u] = nc;
    cmap[match[u]] = nc;
    nc++;
  }
  // Coarse adjacency: merge the lists of each pair, summing weights through a position table.
  const cxadj = new Int32Array(nc + 1);
  const cadj = new Int32Array(adjncy.length);
  const cwgt = new Int32Array(adjncy.length);
  const cvwgt = new Int32Array(nc);
  const slot = new Int32Array(nc).fill(-1);
  let m = 0;
  let c = 0;
  for (let u = 0; u < n; u++) {
    if (cmap[u] !== c) continue;
    const rowStart = m;
    const pair = match[u] === u ? [u] : [u, match[u]];
    for (const w of pair) {
      cvwgt[c] += vwgt[w];
      for (let k = xadj[w]; k < xadj[w + 1]; k++) {
        const cv = cmap[adjncy[k]];
        if (cv === c) continue;
        if (slot[cv] >= rowStart) {
          cwgt[slot[cv]] += adjwgt[k];
        } else {
          slot[cv] = m;
          cadj[m] = cv;
          cwgt[m] = adjwgt[k];
          m++;
        }
      }
    }
    c++;
    cxadj[c] = m;
  }
  return {
    graph: { n: nc, xadj: cxadj, adjncy: cadj.slice(0, m), adjwgt: cwgt.slice(0, m), vwgt: cvwgt },
    cmap,
  };
}
