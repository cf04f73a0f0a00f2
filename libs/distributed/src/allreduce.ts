import { ShapeError } from '@gsn/tensor';
import type { WorkerPool } from './pool';
import type { ShardWorkerApi } from './shard-worker';
import type { SharedMatrix } from './shared';

/**
 * Sums the rows of `contributions` (one row per worker, e.g. each worker's gradient written
 * straight into shared memory) into `out`, every worker adding up its own slice of the
 * entries: one comlink round trip and no copies through messages.
 *
 * Shapes: contributions (parts x length), out (1 x length).
 */
export async function allreduceSum(
  pool: WorkerPool<ShardWorkerApi>,
  contributions: SharedMatrix,
  out: SharedMatrix,
): Promise<void> {
  if (out.rows * out.cols !== contributions.cols || out.dtype !== contributions.dtype) {
    throw new ShapeError(
      `allreduceSum: out is ${out.rows} x ${out.cols} ${out.dtype}, contributions ${contributions.rows} x ${contributions.cols} ${contributions.dtype}`,
    );
  }
  const parts = pool.size;
  await Promise.all(
    Array.from({ length: parts }, (_, w) => pool.call(w, 'allreduceSlice', [contributions, out, w, parts], { shard: `reduce:${w}` })),
  );
}
