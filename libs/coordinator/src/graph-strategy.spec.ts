import { loadDataset } from '@gsn/graph';
import { InvalidArgumentError, useBackend } from '@gsn/tensor';
import { datasetTask, runsOverSplits, stationaryNetwork, trainRuns, type TrainSummary } from '@gsn/train';
import { coordinatedTrainRuns, type Coordination } from './coordinate';

beforeAll(() => useBackend('wasm'));

describe('coordinatedTrainRuns with --shard graph', () => {
  const dataset = loadDataset('texas');
  const runs = runsOverSplits(dataset.splits.filter((s) => s.name === 'geom-gcn-0'), 0);
  const coordination: Coordination = { workers: 2, shard: 'graph', data: 'texas', spec: { model: 'stationary', channels: 4 }, faults: [] };

  it('trains the stationary network with its layer solves over 2 workers to the one-thread result', async () => {
    const task = datasetTask(dataset);
    try {
      const options = { epochs: 3, patience: 3 };
      const plain = trainRuns(stationaryNetwork(dataset.graph, { channels: 4 }), task, runs, options);
      const sharded = await coordinatedTrainRuns(coordination)(stationaryNetwork(dataset.graph, { channels: 4 }), task, runs, options);
      expect(sharded.runs.map((r) => r.testAcc)).toEqual(plain.runs.map((r) => r.testAcc));
      sharded.runs[0].valLosses!.forEach((loss, e) => expect(loss).toBeCloseTo(plain.runs[0].valLosses![e], 4));
    } finally {
      task.dispose();
    }
  }, 30_000);

  it('survives a worker killed mid-training (GSN_FAULT: its 5th served solve): the undisturbed result, exactly', async () => {
    const task = datasetTask(dataset);
    try {
      const options = { epochs: 3, patience: 3 };
      // The survivor notices the loss when its barrier times out: after 2 s here (default 30 s).
      // A solver iteration takes well under 100 ms, so the undisturbed run never times out.
      const train = (faults: Coordination['faults']) =>
        coordinatedTrainRuns({ ...coordination, faults, barrierTimeoutMs: 2000 })(stationaryNetwork(dataset.graph, { channels: 4 }), task, runs, options);
      const undisturbed = await train([]);
      const disturbed = await train([{ workerId: 1, atCall: 5, mode: 'exit' }]);
      const outcome = (s: TrainSummary) => s.runs.map((r) => [r.testAcc, r.valLosses, r.solverIterations]);
      expect(outcome(disturbed)).toEqual(outcome(undisturbed));
    } finally {
      task.dispose();
    }
  }, 30_000);

  it.each<[string, Partial<Coordination>]>([
    ['another model', { spec: { model: 'gcn' } }],
    ['a global solve', { spec: { model: 'stationary', solve: 'penalized', penalty: 100 } }],
    ['--shard layers without --solve penalized', { shard: 'layers' }],
  ])('refuses %s with a clear error', async (_, change) => {
    const task = datasetTask(dataset);
    try {
      await expect(coordinatedTrainRuns({ ...coordination, ...change })(stationaryNetwork(dataset.graph), task, runs)).rejects.toThrow(InvalidArgumentError);
    } finally {
      task.dispose();
    }
  });

  // Infinity: a lost worker would never be noticed, this thread blocked for good.
  it.each([0, -1, NaN, Infinity])('refuses barrierTimeoutMs %p with an InvalidArgumentError naming it', async (barrierTimeoutMs) => {
    const task = datasetTask(dataset);
    try {
      const run = coordinatedTrainRuns({ ...coordination, barrierTimeoutMs })(stationaryNetwork(dataset.graph), task, runs);
      await expect(run).rejects.toThrow(InvalidArgumentError);
      await expect(run).rejects.toThrow(`barrierTimeoutMs: ${barrierTimeoutMs} is not a positive, finite number of milliseconds`);
    } finally {
      task.dispose();
    }
  });
});
