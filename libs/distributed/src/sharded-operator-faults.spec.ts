import { WorkerError } from '@gsn/tensor';
import { forwardBackwardSolve } from './forward-backward';
import { partitionCsr } from './partition';
import { createPool, type WorkerPool } from './pool';
import { createShardedOperator } from './sharded-operator';
import { SHARD_WORKER_FILE, type ShardWorkerApi } from './shard-worker';
import { randomReal, shiftedLaplacian } from './testing';
import { SERVED_SOLVE, type FaultInjection } from './fault-injection';
import { WorkerLostError } from './worker-error';

const n = 300;
const { matrix, lambdaMaxBound } = shiftedLaplacian(n, 400, 0.5, 'float64', 1);
const source = randomReal('float64', n, 2);
const solve = { alpha: 1 / lambdaMaxBound, prox: { kind: 'identity' } as const, maxIter: 300, tol: 1e-9 };
const reference = forwardBackwardSolve(matrix, source, 1, solve);
const { part } = partitionCsr(matrix, { parts: 2 });

describe('sharded forward-backward under worker faults (deterministic mode)', () => {
  let pool: WorkerPool<ShardWorkerApi>;
  afterEach(() => pool.terminate());

  const start = async (faults: FaultInjection[], timeoutMs = 10_000) => {
    pool = createPool<ShardWorkerApi>({ size: 2, workerFile: SHARD_WORKER_FILE, timeoutMs, faults });
    await pool.ready();
  };

  it('a worker killed mid-run is replaced and the solve redone: same result as undisturbed', async () => {
    await start([{ workerId: 1, atCall: 2, mode: 'exit', method: 'forwardBackward' }]);
    const replaced: number[] = [];
    const op = await createShardedOperator(pool, matrix, part, { onReplace: (id) => replaced.push(id) });
    const first = await op.forwardBackward(source, 1, solve);
    const second = await op.forwardBackward(source, 1, solve);
    expect(replaced).toEqual([1]);
    expect(Array.from(second.state)).toEqual(Array.from(first.state));
    expect(Array.from(second.state)).toEqual(Array.from(reference.state));
  });

  it('a hung worker is timed out, replaced, and the solve redone', async () => {
    await start([{ workerId: 0, atCall: 1, mode: 'hang', method: 'forwardBackward' }]);
    const errors: string[] = [];
    const op = await createShardedOperator(pool, matrix, part, {
      callTimeoutMs: 1500,
      onReplace: (_, e) => errors.push(e.message),
    });
    const result = await op.forwardBackward(source, 1, solve);
    expect(errors).toEqual(['worker 0 (shard graph:0) did not answer within 2500 ms']);
    expect(Array.from(result.state)).toEqual(Array.from(reference.state));
  }, 12_000);

  it('gives up with a WorkerError when retries are exhausted', async () => {
    await start([{ workerId: 1, atCall: 1, mode: 'exit', method: 'forwardBackward' }]);
    const op = await createShardedOperator(pool, matrix, part, { retries: 0 });
    await expect(op.forwardBackward(source, 1, solve)).rejects.toThrow(WorkerError);
    await expect(op.forwardBackward(source, 1, solve)).rejects.toThrow(/worker 1 \(shard graph:1\) is not running/);
  });

  describe('served solves (this thread blocked: the survivors time out at their barrier)', () => {
    const anderson = { ...solve, memory: 5, regularization: 1e-10, damping: 1 };
    const servedTwice = async (faults: FaultInjection[], retries = 2) => {
      await start(faults);
      const replaced: number[] = [];
      const op = await createShardedOperator(pool, matrix, part, { barrierTimeoutMs: 500, retries, onReplace: (id) => replaced.push(id) });
      const served = op.serve();
      try {
        const first = served.forwardSolve(source, undefined, 1, anderson);
        const second = served.forwardSolve(source, undefined, 1, anderson);
        const adjoint = served.adjointSolve(source, second.state, source, 1, anderson);
        const commands = await served.stop();
        await op.dispose();
        return { first, second, adjoint, replaced, commands };
      } catch (err) {
        await op.dispose().catch(() => undefined); // the lost worker's detach fails too
        throw err;
      }
    };

    it.each(['exit', 'hang'] as const)('a worker failing in its second served solve (%s): all replaced, the solve redone, the same results as undisturbed', async (mode) => {
      const undisturbed = await servedTwice([]);
      await pool.terminate();
      const disturbed = await servedTwice([{ workerId: 1, atCall: 2, mode, method: SERVED_SOLVE }]);
      expect(disturbed.replaced).toEqual([-1]);
      expect(Array.from(disturbed.second.state)).toEqual(Array.from(undisturbed.second.state));
      expect(disturbed.second.iterations).toBe(undisturbed.second.iterations);
      expect(Array.from(disturbed.adjoint.state)).toEqual(Array.from(undisturbed.adjoint.state));
      // The replacements served the redone solve and the adjoint.
      expect(disturbed.commands).toBe(2);
      // Two pools started and a respawn: 4.5-6 s measured under load, over jest's default 5 s.
    }, 20_000);

    it('gives up with a WorkerLostError naming the retries when they are exhausted', async () => {
      await expect(servedTwice([{ workerId: 0, atCall: 1, mode: 'exit', method: SERVED_SOLVE }], 0)).rejects.toThrow(
        new WorkerLostError('forward-backward with Anderson (served): a worker was lost 1 times, more than retries = 0 (barrier aborted)', -1, 'graph'),
      );
    });
  });
});
