import { createRng, InvalidArgumentError, type Csr, type Rng } from '@gsn/tensor';
import { bisect } from './bisect';
import { coarsen, type CoarseLevel } from './coarsen';
import { refineKway } from './kway-refine';
import { edgeCut, inducedSubgraph, partitionGraphOfCsr, partWeights, type PartitionGraph } from './partition-graph';

export interface PartitionOptions {
  /** Number of parts k. */
  readonly parts: number;
  /** Allowed imbalance ε: every part weighs at most (1 + ε) · total / k (rounded up). */
  readonly imbalance: number;
  /** Seed of the random visiting orders and growing seeds; same seed, same partition. */
  readonly seed: number;
  /** Coarsening stops below this many vertices (0: max(30 k, 120)). */
  readonly coarsenTo: number;
  /** Growing attempts per bisection of the coarsest graph. */
  readonly initialTries: number;
  /** Refinement passes per level. */
  readonly refinePasses: number;
}

export const PARTITION_DEFAULTS: Readonly<Omit<PartitionOptions, 'parts'>> = Object.freeze({
  imbalance: 0.03,
  seed: 0,
  coarsenTo: 0,
  initialTries: 8,
  refinePasses: 8,
});

export interface Partition {
  /** Part of each vertex, in [0, parts). */
  readonly part: Int32Array;
  readonly parts: number;
  /** Undirected edges (unit weight) joining different parts. */
  readonly edgeCut: number;
  /** Vertex weight of each part. */
  readonly partWeights: Int32Array;
  /** max part weight / (total / parts) - 1. */
  readonly imbalance: number;
  /** Graph sizes from finest to coarsest level. */
  readonly levels: readonly number[];
}

/**
 * Multilevel k-way partitioning, the METIS scheme (Karypis & Kumar, SIAM J. Sci. Comput. 1998):
 * 1. coarsen by heavy-edge matching until the graph is small;
 * 2. partition the coarsest graph by recursive bisection, each bisection by greedy graph
 *    growing refined with Fiduccia-Mattheyses;
 * 3. project back level by level, refining the boundary greedily (k-way FM) and restoring the
 *    balance constraint at each level.
 */
export function partitionGraph(g: PartitionGraph, options: Partial<PartitionOptions> & Pick<PartitionOptions, 'parts'>): Partition {
  const o: PartitionOptions = { ...PARTITION_DEFAULTS, ...options };
  validatePartitionOptions(o, g.n);
  if (o.parts === 1) {
    const part = new Int32Array(g.n);
    return { part, parts: 1, edgeCut: 0, partWeights: partWeights(g, part, 1), imbalance: 0, levels: [g.n] };
  }
  const rng = createRng(o.seed);
  let total = 0;
  for (let u = 0; u < g.n; u++) total += g.vwgt[u];
  const maxPartWeight = Math.ceil(((1 + o.imbalance) * total) / o.parts);
  const coarsenTo = o.coarsenTo > 0 ? o.coarsenTo : Math.max(30 * o.parts, 120);

  const levels: CoarseLevel[] = [];
  let coarsest = g;
  const maxVertexWeight = Math.ceil((1.5 * total) / coarsenTo);
  while (coarsest.n > coarsenTo) {
    const level = coarsen(coarsest, maxVertexWeight, rng);
    if (level.graph.n > 0.95 * coarsest.n) break;
    levels.push(level);
    coarsest = level.graph;
  }

  let part = new Int32Array(coarsest.n);
  recursiveBisection(coarsest, o.parts, 0, allVertices(coarsest.n), part, o, rng);
  refineKway(coarsest, part, o.parts, maxPartWeight, rng, o.refinePasses);
  for (let l = levels.length - 1; l >= 0; l--) {
    const fine = l === 0 ? g : levels[l - 1].graph;
    const { cmap } = levels[l];
    const finePart = new Int32Array(fine.n);
    for (let u = 0; u < fine.n; u++) finePart[u] = part[cmap[u]];
    part = finePart;
    refineKway(fine, part, o.parts, maxPartWeight, rng, o.refinePasses);
  }

  const weights = partWeights(g, part, o.parts);
  return {
    part,
    parts: o.parts,
    edgeCut: edgeCut(g, part),
    partWeights: weights,
    imbalance: total === 0 ? 0 : Math.max(...weights) / (total / o.parts) - 1,
    levels: [g.n, ...levels.map((l) => l.graph.n)],
  };
}

/** Partitions the rows of a (square) CSR matrix by the graph of its off-diagonal pattern. */
export function partitionCsr(a: Csr, options: Partial<PartitionOptions> & Pick<PartitionOptions, 'parts'>): Partition {
  if (a.nRows !== a.nCols) throw new InvalidArgumentError(`partitionCsr: matrix is ${a.nRows} x ${a.nCols}, not square`);
  return partitionGraph(partitionGraphOfCsr(a), options);
}

function recursiveBisection(
  g: PartitionGraph,
  parts: number,
  offset: number,
  vertices: Int32Array,
  out: Int32Array,
  o: PartitionOptions,
  rng: Rng,
): void {
  if (parts === 1 || vertices.length === 0) {
    for (const v of vertices) out[v] = offset;
    return;
  }
  const sub = inducedSubgraph(g, vertices);
  const left = Math.floor(parts / 2);
  const side = bisect(sub, left / parts, o.imbalance, o.initialTries, rng);
  const zero = vertices.filter((_, i) => side[i] === 0);
  const one = vertices.filter((_, i) => side[i] === 1);
  recursiveBisection(g, left, offset, zero, out, o, rng);
  recursiveBisection(g, parts - left, offset + left, one, out, o, rng);
}

function allVertices(n: number): Int32Array {
  const v = new Int32Array(n);
  for (let i = 0; i < n; i++) v[i] = i;
  return v;
}

function validatePartitionOptions(o: PartitionOptions, n: number): void {
  if (!Number.isInteger(o.parts) || o.parts < 1 || (n > 0 && o.parts > n)) {
    throw new InvalidArgumentError(`parts: ${o.parts} is not an integer in [1, ${Math.max(1, n)}]`);
  }
  if (!(o.imbalance >= 0)) throw new InvalidArgumentError(`imbalance: ${o.imbalance} is negative`);
  if (!Number.isInteger(o.seed)) throw new InvalidArgumentError(`seed: ${o.seed} is not an integer`);
  if (!Number.isInteger(o.coarsenTo) || o.coarsenTo < 0) throw new InvalidArgumentError(`coarsenTo: ${o.coarsenTo} is not a size`);
  if (!Number.isInteger(o.initialTries) || o.initialTries < 1) {
    throw new InvalidArgumentError(`initialTries: ${o.initialTries} is not a positive integer`);
  }
  if (!Number.isInteger(o.refinePasses) || o.refinePasses < 0) {
    throw new InvalidArgumentError(`refinePasses: ${o.refinePasses} is not a non-negative integer`);
  }
}
