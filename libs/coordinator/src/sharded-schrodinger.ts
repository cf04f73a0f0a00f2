import { weightedDegrees, type WeightedGraph } from '@gsn/graph';
import {
  createShardedOperator,
  partitionCsr,
  SHARDED_OPERATOR_DEFAULTS,
  type LaplacianLoad,
  type ServedMatVec,
  type ServedSolveOptions,
  type ServedSolveResult,
  type ShardedOperator,
  type ShardWorkerApi,
  type WorkerPool,
} from '@gsn/distributed';
import type { StationaryOperator } from '@gsn/stationary';
import { InvalidArgumentError, ShapeError, zerosLike, type Csr, type DType, type Real } from '@gsn/tensor';

/**
 * The CSR pattern of H = L_w + V on a graph's structure: row i holds its off-diagonal adjacency
 * entries in adjacency order (self-loops dropped: they cancel in L), then its diagonal.
 * `adjacencyEntry[m]` is the adjacency index behind entry m, −1 for a diagonal entry. Fixed
 * per structure, so new weights or on-site values only rewrite `values` (`schrodingerValues`).
 */
export interface SchrodingerPattern {
  readonly nodes: number;
  /** Entries of the structure's adjacency (a graph of the same structure has as many). */
  readonly adjacencyEntries: number;
  readonly rowPtr: Int32Array;
  readonly colIdx: Int32Array;
  readonly adjacencyEntry: Int32Array;
}

export function schrodingerPattern(graph: WeightedGraph): SchrodingerPattern {
  if (graph.directed) throw new InvalidArgumentError('schrodingerPattern: graph must be undirected');
  const n = graph.nodes;
  const { rowPtr: adjPtr, colIdx: adjCol } = graph.adjacency;
  let selfLoops = 0;
  for (let i = 0; i < n; i++) for (let k = adjPtr[i]; k < adjPtr[i + 1]; k++) if (adjCol[k] === i) selfLoops++;
  const nnz = adjPtr[n] - selfLoops + n;
  const rowPtr = new Int32Array(n + 1);
  const colIdx = new Int32Array(nnz);
  const adjacencyEntry = new Int32Array(nnz);
  let m = 0;
  for (let i = 0; i < n; i++) {
    for (let k = adjPtr[i]; k < adjPtr[i + 1]; k++) {
      if (adjCol[k] === i) continue;
      colIdx[m] = adjCol[k];
      adjacencyEntry[m++] = k;
    }
    colIdx[m] = i;
    adjacencyEntry[m++] = -1;
    rowPtr[i + 1] = m;
  }
  return { nodes: n, adjacencyEntries: adjPtr[n], rowPtr, colIdx, adjacencyEntry };
}

/**
 * H's values in `pattern`'s order for `graph` (same structure, any weights) and on-site V:
 * −w_ij off the diagonal, Σ_j w_ij + V_i on it. Returns the Gershgorin bound max_i (2 d_i + V_i)
 * and min_i V_i, computed as `schrodingerOperator` does (d_i counts self-loops), so that the
 * default step 1/Λ is the single-thread one. The single-thread reference of the served loads
 * (`ServedMatVec.loadLaplacian`, each worker on its rows).
 */
export function schrodingerValues(pattern: SchrodingerPattern, graph: WeightedGraph, onsite: Real, out: Real): { lambdaBound: number; kappa: number } {
  const n = pattern.nodes;
  checkSchrodingerInputs('schrodingerValues', pattern, graph, onsite);
  if (out.length !== pattern.rowPtr[n]) throw new ShapeError(`schrodingerValues: out has length ${out.length}, expected ${pattern.rowPtr[n]}`);
  const values = graph.adjacency.values;
  for (let k = 0; k < values.length; k++) if (!(values[k] >= 0)) throw invalidWeight('schrodingerValues', graph, k);
  const degrees = weightedDegrees(graph);
  let lambdaBound = 0;
  let kappa = Infinity;
  for (let i = 0; i < n; i++) {
    if (!(onsite[i] > 0)) throw invalidOnsite('schrodingerValues', onsite, i);
    let degree = 0;
    const last = pattern.rowPtr[i + 1] - 1;
    for (let m = pattern.rowPtr[i]; m < last; m++) {
      const w = values[pattern.adjacencyEntry[m]];
      degree += w;
      out[m] = -w;
    }
    out[last] = degree + onsite[i];
    lambdaBound = Math.max(lambdaBound, 2 * degrees[i] + onsite[i]);
    kappa = Math.min(kappa, onsite[i]);
  }
  return { lambdaBound, kappa };
}

function checkSchrodingerInputs(who: string, pattern: SchrodingerPattern, graph: WeightedGraph, onsite: Real): void {
  const n = pattern.nodes;
  if (graph.nodes !== n || graph.adjacency.rowPtr[n] !== pattern.adjacencyEntries) {
    throw new ShapeError(
      `${who}: graph has ${graph.nodes} nodes and ${graph.adjacency.rowPtr[graph.nodes]} adjacency entries, the pattern ${n} and ${pattern.adjacencyEntries}`,
    );
  }
  if (onsite.length !== n) throw new ShapeError(`${who}: onsite has length ${onsite.length}, expected ${n}`);
}

const invalidWeight = (who: string, graph: WeightedGraph, k: number) =>
  new InvalidArgumentError(`${who}: adjacency entry ${k} has weight ${graph.adjacency.values[k]}, expected >= 0`);
const invalidOnsite = (who: string, onsite: Real, i: number) => new InvalidArgumentError(`${who}: onsite[${i}] = ${onsite[i]} must be > 0`);

/** H = L_w + V as one explicit n x n CSR matrix (`schrodingerPattern` order). */
export function schrodingerMatrix(graph: WeightedGraph, onsite: Real, dtype: DType): Csr {
  const pattern = schrodingerPattern(graph);
  const nnz = pattern.rowPtr[graph.nodes];
  const values = dtype === 'float64' ? new Float64Array(nnz) : new Float32Array(nnz);
  schrodingerValues(pattern, graph, onsite, values);
  return { nRows: graph.nodes, nCols: graph.nodes, rowPtr: pattern.rowPtr, colIdx: pattern.colIdx, values };
}

/** A `StationaryOperator` whose products run row-sharded in the pool's workers. */
export interface ShardedStationaryOperator extends StationaryOperator {
  readonly sharded: ShardedOperator<Real>;
  /** Releases the serving workers and forgets the shard (the pool stays up). */
  dispose(): Promise<void>;
}

/**
 * The `graph` strategy for one stationary layer: H = L_w + V partitioned over the pool
 * (multilevel k-way, @gsn/distributed `partitionCsr`), put once in shared memory, and served
 * as a synchronous `apply(x, out)` (`ShardedOperator.serve`): every product of any solver of
 * @gsn/stationary (`operatorState`, `operatorVjp`) is then computed by N workers, each on its
 * own rows, reading halo entries straight from the shared state. `lambdaBound` and `kappa`
 * are those of `schrodingerOperator` (Gershgorin, min V).
 */
export async function shardedSchrodingerOperator(
  pool: WorkerPool<ShardWorkerApi>,
  graph: WeightedGraph,
  onsite: Real,
  channels: number,
  options: ServedSchrodingerOptions = {},
): Promise<ShardedStationaryOperator> {
  const dtype = options.dtype ?? (onsite instanceof Float32Array ? 'float32' : 'float64');
  const served = await servedSchrodinger(pool, graph, channels, { ...options, dtype });
  const op = served.operator(graph, onsite);
  return {
    ...op,
    sharded: served.sharded,
    async dispose() {
      await served.dispose();
    },
  };
}

/**
 * H = L_w + V on a fixed structure, partitioned once over the pool and served (the workers
 * blocked in their product loop until `dispose`), for any weights and on-site values of that
 * structure: `operator(graph, onsite)` is a `StationaryOperator` whose values the workers write
 * into the shared matrix from the weights and V, each its own rows (`ServedMatVec.loadLaplacian`:
 * at once, for Λ and κ and the checks, and again before its first command after another
 * operator's, so several layers can take turns on one shard, forward and adjoint interleaved).
 */
export interface ServedSchrodinger {
  readonly sharded: ShardedOperator<Real>;
  operator(graph: WeightedGraph, onsite: Real): ServedStationaryOperator;
  /** Releases the workers and forgets the shard; resolves with the number of commands served (products, solves, loads, gradients). */
  dispose(): Promise<number>;
}

/**
 * A served H that also runs whole solves inside the workers (`ServedMatVec.forwardSolve`,
 * `adjointSolve`): forward-backward with Anderson acceleration and its prox-form adjoint, for
 * potentials whose prox is a `ProxSpec`.
 */
export interface ServedStationaryOperator extends StationaryOperator {
  forwardSolve(source: Real, z0: Real | undefined, options: ServedSolveOptions): ServedSolveResult;
  adjointSolve(source: Real, psi: Real, cotangent: Real, options: ServedSolveOptions): ServedSolveResult;
  /**
   * Right after `adjointSolve` (no other solve between), the gradients of its ψ and λ, formed in the
   * workers: `edgeWeightGradient` and `onsiteGradient` of @gsn/stationary (dℓ/dw per edge in the
   * graph's precision, dℓ/dV_i in float32, `kappa` = Σ_i dℓ/dV_i summed by parts).
   */
  adjointGradients(): { weights: Real; onsite: Float32Array; kappa: number };
}

/** Where and how H is served; unset fields: the pool's size, float32, seed 0, `SHARDED_OPERATOR_DEFAULTS`' barrier timeout. */
export interface ServedSchrodingerOptions {
  readonly parts?: number;
  readonly dtype?: DType;
  /** Seed of the partition. */
  readonly seed?: number;
  /** How long a serving worker waits at a barrier for its peers: how soon a lost worker is noticed (ms). */
  readonly barrierTimeoutMs?: number;
}

export async function servedSchrodinger(
  pool: WorkerPool<ShardWorkerApi>,
  structure: WeightedGraph,
  channels: number,
  options: ServedSchrodingerOptions = {},
): Promise<ServedSchrodinger> {
  const parts = options.parts ?? pool.size;
  const dtype = options.dtype ?? 'float32';
  const pattern = schrodingerPattern(structure);
  const n = structure.nodes;
  const nnz = pattern.rowPtr[n];
  const unit = dtype === 'float64' ? new Float64Array(nnz).fill(1) : new Float32Array(nnz).fill(1);
  const matrix: Csr = { nRows: n, nCols: n, rowPtr: pattern.rowPtr, colIdx: pattern.colIdx, values: unit };
  const { part } = partitionCsr(matrix, { parts, seed: options.seed ?? 0 });
  const width = 2 * channels;
  const barrierTimeoutMs = options.barrierTimeoutMs ?? SHARDED_OPERATOR_DEFAULTS.barrierTimeoutMs;
  const sharded = await createShardedOperator(pool, matrix, part, { parts, columns: width, barrierTimeoutMs });
  const served: ServedMatVec = sharded.serve(structure);
  let loaded: object | undefined;
  return {
    sharded,
    operator(graph, onsite) {
      checkSchrodingerInputs('servedSchrodinger', pattern, graph, onsite);
      const token = {};
      // The workers write H's values (each its rows) from the weights and V, checking them.
      const loadValues = (): LaplacianLoad => {
        loaded = undefined;
        const r = served.loadLaplacian(graph.adjacency.values, onsite);
        if (r.invalidWeight >= 0) throw invalidWeight('servedSchrodinger', graph, r.invalidWeight);
        if (r.invalidOnsite >= 0) throw invalidOnsite('servedSchrodinger', onsite, r.invalidOnsite);
        loaded = token;
        return r;
      };
      const { lambdaBound, minOnsite: kappa } = loadValues();
      const load = () => {
        if (loaded !== token) loadValues();
      };
      return {
        nodes: n,
        channels,
        lambdaBound,
        kappa,
        apply(x, out) {
          load();
          served.matmat(x, width, out);
        },
        forwardSolve(source, z0, options) {
          load();
          return served.forwardSolve(source, z0, width, options);
        },
        adjointSolve(source, psi, cotangent, options) {
          load();
          return served.adjointSolve(source, psi, cotangent, width, options);
        },
        adjointGradients() {
          const g = served.laplacianGradients();
          const weights = zerosLike(graph.weights);
          weights.set(g.edges);
          const onsiteGradient = new Float32Array(n);
          onsiteGradient.set(g.onsite);
          return { weights, onsite: onsiteGradient, kappa: g.onsiteSum };
        },
      };
    },
    async dispose() {
      const products = await served.stop();
      await sharded.dispose();
      return products;
    },
  };
}
