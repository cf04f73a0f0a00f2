import { loadDataset } from '@gsn/graph';
import { InvalidArgumentError, useBackend } from '@gsn/tensor';
import { datasetTask, runsOverSplits, stationaryNetwork, trainRuns, type TrainSummary } from '@gsn/train';
import { coordinatedTrainRuns, type Coordination } from './coordinate';

beforeAll(() => useBackend('wasm'));

describe('coordinatedTrainRuns with --shard layers', () => {
  const dataset = loadDataset('texas');
  const runs = runsOverSplits(dataset.splits.filter((s) => s.name === 'geom-gcn-0'), 0);
  const spec = { model: 'stationary', layers: 2, channels: 4, solve: 'penalized', penalty: 100 } as const;
  const coordination: Coordination = { workers: 2, shard: 'layers', data: 'texas', spec, faults: [] };

  it('trains the penalized network with its global solves over 2 workers (one layer each) to the one-thread result', async () => {
    const task = datasetTask(dataset);
    try {
      const options = { epochs: 3, patience: 3 };
      const model = () => stationaryNetwork(dataset.graph, { layers: 2, channels: 4, solve: 'penalized', penalty: 100 });
      const plain = trainRuns(model(), task, runs, options);
      const sharded = await coordinatedTrainRuns(coordination)(model(), task, runs, options);
      expect(sharded.runs.map((r) => r.testAcc)).toEqual(plain.runs.map((r) => r.testAcc));
      sharded.runs[0].valLosses!.forEach((loss, e) => expect(loss).toBeCloseTo(plain.runs[0].valLosses![e], 5));
      expect(sharded.runs[0].solverIterations).toEqual(plain.runs[0].solverIterations);
    } finally {
      task.dispose();
    }
  }, 30_000);

  it('survives a worker killed mid-training (GSN_FAULT: its 4th served solve): the undisturbed result, exactly', async () => {
    const task = datasetTask(dataset);
    try {
      const options = { epochs: 3, patience: 3 };
      const model = () => stationaryNetwork(dataset.graph, { layers: 2, channels: 4, solve: 'penalized', penalty: 100 });
      // The survivor notices the loss when its barrier times out: after 2 s here (default 30 s).
      // A solver iteration takes well under 100 ms, so the undisturbed run never times out.
      const shortTimeout = { ...coordination, barrierTimeoutMs: 2000 };
      const undisturbed = await coordinatedTrainRuns(shortTimeout)(model(), task, runs, options);
      const disturbed = await coordinatedTrainRuns({ ...shortTimeout, faults: [{ workerId: 0, atCall: 4, mode: 'exit' }] })(model(), task, runs, options);
      const outcome = (s: TrainSummary) => s.runs.map((r) => [r.testAcc, r.valLosses, r.solverIterations]);
      expect(outcome(disturbed)).toEqual(outcome(undisturbed));
    } finally {
      task.dispose();
    }
  }, 30_000);

  it.each<[string, Partial<Coordination>, RegExp]>([
    ['another model', { spec: { model: 'gcn' } }, /--solve penalized; got --model gcn/],
    ['a layerwise solve', { spec: { ...spec, solve: 'layerwise' } }, /--solve penalized; got --solve layerwise/],
    ['more workers than layers', { workers: 3 }, /--workers 3 needs --layers ≥ 3, got 2/],
    ['a negative barrier timeout', { barrierTimeoutMs: -1 }, /barrierTimeoutMs: -1 is not a positive, finite number of milliseconds/],
  ])('refuses %s with a clear error', async (_, change, message) => {
    const task = datasetTask(dataset);
    try {
      const run = coordinatedTrainRuns({ ...coordination, ...change })(stationaryNetwork(dataset.graph), task, runs);
      await expect(run).rejects.toThrow(InvalidArgumentError);
      await expect(run).rejects.toThrow(message);
    } finally {
      task.dispose();
    }
  });
});
