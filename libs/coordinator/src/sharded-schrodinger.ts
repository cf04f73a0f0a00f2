import type { WeightedGraph } from '@gsn/graph';
import { createShardedOperator, partitionCsr, type ServedMatVec, type ShardedOperator, type ShardWorkerApi, type WorkerPool } from '@gsn/distributed';
import type { StationaryOperator } from '@gsn/stationary';
import { csrFromCoo, InvalidArgumentError, ShapeError, type Csr, type DType, type Real } from '@gsn/tensor';


/**
 * H = L_w + V (the Schrödinger operator of `schrodingerOperator`, @gsn/stationary) as one
 * explicit n x n CSR matrix: row i holds Σ_j w_ij + V_i on the diagonal and −w_ij off it
 * (self-loops cancel, as in L). Same matrix, so the same products up to summation order.
 */
export function schrodingerMatrix(graph: WeightedGraph, onsite: Real, dtype: DType): Csr {
  if (graph.directed) throw new InvalidArgumentError('schrodingerMatrix: graph must be undirected');
  const n = graph.nodes;
  if (onsite.length !== n) throw new ShapeError(`schrodingerMatrix: onsite has length ${onsite.length}, expected ${n}`);
  const { rowPtr, colIdx, values } = graph.adjacency;
  const rows: number[] = [];
  const cols: number[] = [];
  const vals: number[] = [];
  for (let i = 0; i < n; i++) {
    let degree = 0;
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
      if (colIdx[k] === i) continue;
      degree += values[k];
      rows.push(i);
      cols.push(colIdx[k]);
      vals.push(-values[k]);
    }
    rows.push(i);
    cols.push(i);
    vals.push(degree + onsite[i]);
  }
  return csrFromCoo(n, n, rows, cols, vals, dtype);
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
  options: { readonly parts?: number; readonly dtype?: DType; readonly seed?: number } = {},
): Promise<ShardedStationaryOperator> {
  const parts = options.parts ?? pool.size;
  const matrix = schrodingerMatrix(graph, onsite, options.dtype ?? (onsite instanceof Float32Array ? 'float32' : 'float64'));
  const { part } = partitionCsr(matrix, { parts, seed: options.seed ?? 0 });
  const width = 2 * channels;
  const sharded = await createShardedOperator(pool, matrix, part, { parts, columns: width });
  let lambdaBound = 0;
  let kappa = Infinity;
  for (let i = 0; i < graph.nodes; i++) {
    let degree = 0;
    for (let k = graph.adjacency.rowPtr[i]; k < graph.adjacency.rowPtr[i + 1]; k++) degree += graph.adjacency.values[k];
    lambdaBound = Math.max(lambdaBound, 2 * degree + onsite[i]);
    kappa = Math.min(kappa, onsite[i]);
  }
  const served: ServedMatVec = sharded.serve();
  return {
    nodes: graph.nodes,
    channels,
    lambdaBound,
    kappa,
    sharded,
    apply: (x, out) => served.matmat(x, width, out),
    async dispose() {
      await served.stop();
      await sharded.dispose();
    },
  };
}
