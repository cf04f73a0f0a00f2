import { modReluPotential, reluPotential } from '@gsn/stationary';
import { stationaryNetwork, trainSplit, type StationaryNetworkOptions } from '@gsn/train';
import { createPool, SERVED_SOLVE, SHARD_WORKER_FILE, type FaultInjection, type ShardWorkerApi } from '@gsn/distributed';
import { shardedLayerOp, WORKER_PROX } from './sharded-layer-op';
import { servedSchrodinger } from './sharded-schrodinger';
import { maxParamDifference, ringFixture, trainedParams } from './training-fixture';

let fixture: Awaited<ReturnType<typeof ringFixture>>;
let graph: typeof fixture.graph;
beforeAll(async () => {
  fixture = await ringFixture();
  graph = fixture.graph;
});

describe('shardedLayerOp (--shard graph inside training)', () => {
  it.each([
    // relu: whole forward and adjoint solves inside the workers (inner products reduced per part).
    ['relu, solves in the workers', reluPotential(), 1e-5],
    // modReLU: the workers cannot apply its prox; the solvers run here on served products,
    // which are bitwise the same for any number of workers.
    ['modReLU, products in the workers', modReluPotential(0.1), 0],
  ])('trains the stationary network to the same parameters and accuracy with 1 and 2 workers, and as one thread (%s)', async (_, potential, workersTol) => {
    const { task, split } = fixture;
    const options: Partial<StationaryNetworkOptions> = { layers: 2, channels: 2, dropout: 0, potential };
    const plain = trainedParams(stationaryNetwork(graph, options), task, 3);
    const plainRun = trainSplit(stationaryNetwork(graph, options), task, split, 0, { epochs: 4 });
    const trainSharded = async (workers: number) => {
      const pool = createPool<ShardWorkerApi>({ size: workers, workerFile: SHARD_WORKER_FILE, timeoutMs: 10_000 });
      try {
        await pool.ready();
        const served = await servedSchrodinger(pool, graph, 2);
        const model = () => stationaryNetwork(graph, { ...options, layerOp: shardedLayerOp(served) });
        const trained = { params: trainedParams(model(), task, 3), run: trainSplit(model(), task, split, 0, { epochs: 4 }) };
        return { ...trained, commands: await served.dispose() };
      } finally {
        await pool.terminate();
      }
    };
    const one = await trainSharded(1);
    const two = await trainSharded(2);
    // At least the 3 steps' forward and adjoint solves of both layers went through the workers.
    expect(two.commands).toBeGreaterThanOrEqual(3 * 2 * 2);
    expect(Object.keys(two.params)).toEqual(Object.keys(plain));
    expect(maxParamDifference(one.params, two.params)).toBeLessThanOrEqual(workersTol);
    expect(two.run.testAcc).toBe(one.run.testAcc);
    two.run.valLosses!.forEach((loss, i) => expect(loss).toBeCloseTo(one.run.valLosses![i], 5));
    // Against `stationaryLayerOp` on one thread: the same solvers, to their tolerance (1e-5).
    expect(maxParamDifference(two.params, plain)).toBeLessThanOrEqual(1e-4);
    expect(two.run.testAcc).toBe(plainRun.testAcc);
    expect(two.run.solverIterations.every((it) => it > 0)).toBe(true);
  }, 30_000);

  it('a worker killed in the middle of the gradient steps is replaced and its solve redone: the same parameters, exactly', async () => {
    const options: Partial<StationaryNetworkOptions> = { layers: 2, channels: 2, dropout: 0, potential: reluPotential() };
    const paramsWith = async (faults: FaultInjection[]) => {
      const pool = createPool<ShardWorkerApi>({ size: 2, workerFile: SHARD_WORKER_FILE, timeoutMs: 10_000, faults });
      try {
        await pool.ready();
        // A survivor notices the loss when its barrier times out: after 2 s here (default 30 s).
        const served = await servedSchrodinger(pool, graph, 2, { barrierTimeoutMs: 2000 });
        const params = trainedParams(stationaryNetwork(graph, { ...options, layerOp: shardedLayerOp(served) }), fixture.task, 3);
        return { params, commands: await served.dispose() };
      } finally {
        await pool.terminate();
      }
    };
    const undisturbed = await paramsWith([]);
    // 2 layers: 4 served solves a step; worker 0 dies at the start of the second step's second (the 6th solve).
    const disturbed = await paramsWith([{ workerId: 0, atCall: 6, mode: 'exit', method: SERVED_SOLVE }]);
    // A step is 9 commands: 4 solves, 3 loads of H's values (each layer's forward, layer 1's again
    // for its adjoint: layer 2's was loaded last) and 2 gradient commands (one per adjoint). The
    // replacements served the redone 6th solve and the 14 commands after it.
    expect([undisturbed.commands, disturbed.commands]).toEqual([27, 15]);
    expect(Object.keys(disturbed.params)).toEqual(Object.keys(undisturbed.params));
    expect(maxParamDifference(disturbed.params, undisturbed.params)).toBe(0);
  }, 30_000);

  it('notices a hung worker about barrierTimeoutMs after it hung, not after the 30 s default, and redoes its solve', async () => {
    const barrierTimeoutMs = 1000;
    const pool = createPool<ShardWorkerApi>({ size: 2, workerFile: SHARD_WORKER_FILE, timeoutMs: 10_000, faults: [{ workerId: 1, atCall: 1, mode: 'hang', method: SERVED_SOLVE }] });
    try {
      await pool.ready();
      const served = await servedSchrodinger(pool, graph, 2, { barrierTimeoutMs });
      const op = served.operator(graph, new Float32Array(graph.nodes).fill(0.5));
      const source = Float32Array.from({ length: graph.nodes * 4 }, (_, i) => Math.sin(i));
      const options = { alpha: 1 / op.lambdaBound, prox: WORKER_PROX.relu, tol: 1e-5, maxIter: 500, memory: 5, regularization: 1e-10, damping: 1 };
      const started = performance.now();
      const redone = op.forwardSolve(source, undefined, options);
      const elapsed = performance.now() - started;
      // Worker 1 hangs in this first solve; worker 0 waits at the barrier until the timeout,
      // then both are replaced (a fresh thread loads its file in 0.3-1 s) and the solve redone.
      expect(elapsed).toBeGreaterThanOrEqual(barrierTimeoutMs);
      expect(elapsed).toBeLessThan(barrierTimeoutMs + 10_000);
      const again = op.forwardSolve(source, undefined, options);
      expect(redone.converged).toBe(true);
      expect(Array.from(redone.state)).toEqual(Array.from(again.state));
      expect(await served.dispose()).toBe(2);
    } finally {
      await pool.terminate();
    }
  }, 30_000);
});
