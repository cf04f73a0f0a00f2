import { createRng, csrFromCoo, type Csr, type DType, type Real } from '@gsn/tensor';
import { createPool, type WorkerPool } from './pool';
import { SHARD_WORKER_FILE, type ShardWorkerApi } from './shard-worker';

/**
 * A pool of `size` shard workers shared by the tests of the enclosing `describe`: started in
 * its `beforeAll`, terminated in its `afterAll`. Tests read it through the returned getter.
 */
export function sharedShardPool(size: number): () => WorkerPool<ShardWorkerApi> {
  let pool: WorkerPool<ShardWorkerApi> | undefined;
  beforeAll(async () => {
    pool = createPool<ShardWorkerApi>({ size, workerFile: SHARD_WORKER_FILE, timeoutMs: 10_000 });
    await pool.ready();
  });
  afterAll(() => pool?.terminate());
  return () => pool!;
}

/**
 * A connected random graph's shifted Laplacian A = L + μI (strongly monotone: λ_min ≥ μ):
 * a ring plus `chords` random edges, n nodes. Also a Gershgorin bound on λ_max, so that
 * α = 1 / bound is a safe forward-backward step.
 */
export function shiftedLaplacian(
  n: number,
  chords: number,
  mu: number,
  dtype: DType,
  seed: number,
): { matrix: Csr<Real>; lambdaMaxBound: number } {
  const rng = createRng(seed);
  const rows: number[] = [];
  const cols: number[] = [];
  const degree = new Float64Array(n);
  const edge = (u: number, v: number) => {
    if (u === v) return;
    rows.push(u, v);
    cols.push(v, u);
    degree[u]++;
    degree[v]++;
  };
  for (let u = 0; u < n; u++) edge(u, (u + 1) % n);
  for (let c = 0; c < chords; c++) edge(rng.int(n), rng.int(n));
  const values = rows.map(() => -1);
  for (let u = 0; u < n; u++) {
    rows.push(u);
    cols.push(u);
    values.push(degree[u] + mu);
  }
  const lambdaMaxBound = 2 * degree.reduce((a, b) => Math.max(a, b), 0) + mu;
  return { matrix: csrFromCoo(n, n, rows, cols, values, dtype), lambdaMaxBound };
}

/** A seeded n x columns array of standard normals. */
export function randomReal(dtype: DType, length: number, seed: number): Real {
  const rng = createRng(seed);
  const out = dtype === 'float64' ? new Float64Array(length) : new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = rng.normal();
  return out;
}
