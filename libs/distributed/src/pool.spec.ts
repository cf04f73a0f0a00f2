import * as path from 'node:path';
import { InvalidArgumentError, WorkerError } from '@gsn/tensor';
import { createPool, type WorkerPool } from './pool';
import type { FixtureApi } from './pool.fixture-worker';
import { runTasks, runWithRetry } from './retry';
import { WorkerLostError } from './worker-error';

const workerFile = path.join(__dirname, 'pool.fixture-worker.ts');

describe('createPool', () => {
  let pool: WorkerPool<FixtureApi>;
  beforeAll(async () => {
    pool = createPool<FixtureApi>({
      size: 2,
      workerFile,
      timeoutMs: 10_000,
      env: (id) => ({ GSN_TEST_WORKER: `w${id}` }),
      shardOf: (id) => `graph:${id}`,
    });
    await pool.ready();
  });
  afterAll(() => pool.terminate());

  it('calls typed methods on TypeScript workers started with tsx', async () => {
    expect(await pool.call(0, 'square', [3])).toBe(9);
    expect(await pool.call(1, 'whoAmI', [])).toEqual({ workerId: 1, incarnation: 0 });
    expect(await pool.call(1, 'env', ['GSN_TEST_WORKER'])).toBe('w1');
  });

  it('turns an error thrown by the task into a WorkerError naming worker and shard', async () => {
    const err = await pool.call(0, 'reject', ['bad alpha']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkerError);
    expect(err).not.toBeInstanceOf(WorkerLostError);
    expect((err as Error).message).toMatch(/worker 0 \(shard graph:0\) failed: InvalidArgumentError: bad alpha/);
  });

  it('detects a crash, rejects the pending call, and replace starts a fresh worker', async () => {
    const err = await pool.call(1, 'crash', []).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkerLostError);
    expect((err as WorkerError).workerId).toBe(1);
    expect((err as Error).message).toBe('worker 1 (shard graph:1) exited with code 3');
    expect(pool.isAlive(1)).toBe(false);
    await expect(pool.call(1, 'square', [2])).rejects.toThrow(/not running; replace it first/);
    await pool.replace(1);
    expect(await pool.call(1, 'whoAmI', [])).toEqual({ workerId: 1, incarnation: 1 });
  });

  it('times a hung worker out with a clear message and stops it', async () => {
    const err = await pool.call(0, 'never', [], { timeoutMs: 200 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkerLostError);
    expect((err as Error).message).toBe('worker 0 (shard graph:0) did not answer within 200 ms');
    expect(pool.isAlive(0)).toBe(false);
    await pool.replace(0);
    expect(await pool.call(0, 'square', [5])).toBe(25);
  });

  it('rejects a bad worker id', async () => {
    await expect(pool.call(7, 'square', [1])).rejects.toThrow(InvalidArgumentError);
  });
});

describe('fault injection and retry', () => {
  let pool: WorkerPool<FixtureApi>;
  afterEach(() => pool.terminate());

  it('runWithRetry redoes the task on a replacement after an injected exit', async () => {
    pool = createPool<FixtureApi>({
      size: 2,
      workerFile,
      timeoutMs: 10_000,
      faults: [{ workerId: 1, atCall: 2, mode: 'exit', method: 'square' }],
    });
    expect(await pool.call(1, 'square', [2])).toBe(4);
    const replaced: number[] = [];
    const result = await runWithRetry(pool, 1, (remote) => remote.square(7), { onReplace: (id) => replaced.push(id) });
    expect(result).toBe(49);
    expect(replaced).toEqual([1]);
  });

  it('runTasks returns every task result in order despite an injected hang', async () => {
    pool = createPool<FixtureApi>({
      size: 2,
      workerFile,
      timeoutMs: 1_000,
      faults: [{ workerId: 0, atCall: 3, mode: 'hang', method: 'square' }],
    });
    await pool.ready();
    const tasks = [1, 2, 3, 4, 5, 6, 7, 8];
    const results = await runTasks(pool, tasks, (remote, x) => remote.square(x));
    expect(results).toEqual(tasks.map((x) => x * x));
  });

  it('rejects a fault aimed at a worker outside the pool', () => {
    expect(() => createPool({ size: 1, workerFile, faults: [{ workerId: 2, atCall: 1, mode: 'exit' }] })).toThrow(
      /faults\[0\]\.workerId/,
    );
  });
});
