// What an app outside the workspace does with gsn's packages, printed as one JSON line. The
// packages spec runs it twice, in an app that installed the packed tarballs (plain node) and in
// this workspace (tsx, resolving @gsn/* to the sources), and asserts that both lines are equal.
// Arguments: the example module (apps/example's main, compiled or not), then the entry points
// whose exports to list.
const { loadDataset } = require('@gsn/graph');
const { useBackend } = require('@gsn/tensor');
const { datasetTask, runsOverSplits } = require('@gsn/train');
const { trainRunsSharded } = require('@gsn/coordinator');

async function main([exampleModule, ...entryPoints]) {
  const exports = Object.fromEntries(entryPoints.map((name) => [name, Object.keys(require(name)).sort()]));
  const example = require(exampleModule);
  const ring = example.ringLayer();
  const texas = await example.trainOnTexas(5);
  // two runs on two worker threads: the workers load their own files and the shipped dataset
  await useBackend('wasm');
  const task = datasetTask(loadDataset('texas'));
  const runs = runsOverSplits(task.splits.slice(0, 2), 0);
  task.dispose();
  const summary = await trainRunsSharded(runs, { workers: 2, data: 'texas', spec: { model: 'stationary' }, options: { epochs: 3, patience: 3 } });
  const workerRuns = summary.runs.map((r) => ({ split: r.split, testAcc: r.testAcc, valAcc: r.valAcc, epochs: r.epochs, solverIterations: r.solverIterations }));
  console.log(JSON.stringify({ exports, ring, texas, workerRuns }));
}

main(process.argv.slice(2)).catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
