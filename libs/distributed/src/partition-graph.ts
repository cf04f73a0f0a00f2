import type { Csr } from '@gsn/tensor';

/**
 * The undirected, unweighted-by-value graph a partitioner sees: vertex i's neighbours are
 * `adjncy[xadj[i] .. xadj[i+1])` with integer edge weights `adjwgt` (number of fine edges a
 * coarse edge stands for) and vertex weights `vwgt` (number of fine vertices, or work).
 * Symmetric, no self loops (METIS's xadj/adjncy layout).
 */
export interface PartitionGraph {
  readonly n: number;
  readonly xadj: Int32Array;
  readonly adjncy: Int32Array;
  readonly adjwgt: Int32Array;
  readonly vwgt: Int32Array;
}

/**
 * The sparsity pattern of A + Aᵀ without the diagonal, each undirected edge weighted 1: the
 * edges a row partition of A cuts are the off-block entries a halo exchange must move.
 */
export function partitionGraphOfCsr(a: Csr, vertexWeights?: Int32Array): PartitionGraph {
  const n = a.nRows;
  const degree = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    for (let k = a.rowPtr[i]; k < a.rowPtr[i + 1]; k++) {
      const j = a.colIdx[k];
      if (j === i || j >= n) continue;
      degree[i]++;
      degree[j]++;
    }
  }
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = start[i] + degree[i];
  const fill = start.slice(0, n);
  const raw = new Int32Array(start[n]);
  for (let i = 0; i < n; i++) {
    for (let k = a.rowPtr[i]; k < a.rowPtr[i + 1]; k++) {
      const j = a.colIdx[k];
      if (j === i || j >= n) continue;
      raw[fill[i]++] = j;
      raw[fill[j]++] = i;
    }
  }
  // Sort each list and drop repeats (an edge stored as both (i, j) and (j, i) in A).
  const xadj = new Int32Array(n + 1);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const row = raw.subarray(start[i], start[i + 1]).sort();
    for (let k = 0; k < row.length; k++) {
      if (k > 0 && row[k] === row[k - 1]) continue;
      raw[m++] = row[k];
    }
    xadj[i + 1] = m;
  }
  const adjncy = raw.slice(0, m);
  return { n, xadj, adjncy, adjwgt: new Int32Array(m).fill(1), vwgt: vertexWeights ?? new Int32Array(n).fill(1) };
}

/** Total weight of the edges whose ends lie in different parts (each undirected edge once). */
export function edgeCut(g: PartitionGraph, part: Int32Array): number {
  let cut = 0;
  for (let u = 0; u < g.n; u++) {
    for (let k = g.xadj[u]; k < g.xadj[u + 1]; k++) if (part[g.adjncy[k]] !== part[u]) cut += g.adjwgt[k];
  }
  return cut / 2;
}

/** Sum of vertex weights per part. */
export function partWeights(g: PartitionGraph, part: Int32Array, parts: number): Int32Array {
  const w = new Int32Array(parts);
  for (let u = 0; u < g.n; u++) w[part[u]] += g.vwgt[u];
  return w;
}

/** The subgraph induced by `vertices` (ids renumbered 0..len-1 in the given order). */
export function inducedSubgraph(g: PartitionGraph, vertices: Int32Array): PartitionGraph {
  const local = new Int32Array(g.n).fill(-1);
  vertices.forEach((u, i) => (local[u] = i));
  const xadj = new Int32Array(vertices.length + 1);
  const adj: number[] = [];
  const wgt: number[] = [];
  vertices.forEach((u, i) => {
    for (let k = g.xadj[u]; k < g.xadj[u + 1]; k++) {
      const v = local[g.adjncy[k]];
      if (v < 0) continue;
      adj.push(v);
      wgt.push(g.adjwgt[k]);
    }
    xadj[i + 1] = adj.length;
  });
  const vwgt = new Int32Array(vertices.length);
  vertices.forEach((u, i) => (vwgt[i] = g.vwgt[u]));
  return { n: vertices.length, xadj, adjncy: Int32Array.from(adj), adjwgt: Int32Array.from(wgt), vwgt };
}
