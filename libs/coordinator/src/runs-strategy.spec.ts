import { loadDataset } from '@gsn/graph';
import { useBackend } from '@gsn/tensor';
import { datasetTask, runsOverSplits, trainRuns, type Run } from '@gsn/train';
import { modelFromSpec, type ModelSpec } from './model-spec';
import { trainRunsSharded } from './runs-strategy';

const spec: ModelSpec = { model: 'stationary', channels: 4 };
const options = { epochs: 3 };

describe('trainRunsSharded (runs strategy)', () => {
  let runs: Run[];
  let reference: ReturnType<typeof trainRuns>;
  beforeAll(async () => {
    await useBackend('wasm');
    const dataset = loadDataset('texas');
    const task = datasetTask(dataset);
    runs = runsOverSplits(task.splits.filter((s) => s.name === 'geom-gcn-0' || s.name === 'geom-gcn-1'), 0);
    reference = trainRuns(modelFromSpec(spec, dataset.graph), task, runs, options);
    task.dispose();
  });

  const comparable = (s: ReturnType<typeof trainRuns>) => ({
    testAccMean: s.testAccMean,
    testAccStd: s.testAccStd,
    solverItersMean: s.solverItersMean,
    runs: s.runs.map(({ epochMs: _ms, ...rest }) => rest),
  });

  it('trains Texas splits 0-1 on 2 workers with the same accuracies and summary as one thread', async () => {
    const sharded = await trainRunsSharded(runs, { workers: 2, data: 'texas', spec, options, backend: 'wasm' });
    expect(comparable(sharded)).toEqual(comparable(reference));
  }, 60_000);

  it('replaces a worker killed mid-run and ends with the same result', async () => {
    const replaced: number[] = [];
    const sharded = await trainRunsSharded(runs, {
      workers: 2,
      data: 'texas',
      spec,
      options,
      backend: 'wasm',
      faults: [{ workerId: 1, atCall: 1, mode: 'exit', method: 'trainRun' }],
      onReplace: (id) => replaced.push(id),
    });
    expect(replaced).toEqual([1]);
    expect(comparable(sharded)).toEqual(comparable(reference));
  }, 60_000);

  it('times a hung worker out with a message naming worker and run', async () => {
    const err = await trainRunsSharded(runs.slice(0, 1), {
      workers: 1,
      data: 'texas',
      spec,
      options,
      retries: 0,
      runTimeoutMs: 1500,
      faults: [{ workerId: 0, atCall: 1, mode: 'hang', method: 'trainRun' }],
    }).catch((e: unknown) => e);
    expect((err as Error).message).toBe('worker 0 (shard runs:geom-gcn-0/seed 0) did not answer within 1500 ms');
  }, 30_000);
});
