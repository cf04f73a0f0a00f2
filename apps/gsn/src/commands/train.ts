import { loadDataset } from '@gsn/graph';
import { useBackend } from '@gsn/tensor';
import { datasetTask, formatLayerGraph, INPUT_LAYER_GRAPH, progressReporter, trainRuns } from '@gsn/train';
import type { Command } from '../command';
import { modelSpecOf } from '../train/build-model';
import { selectRuns } from '../train/select-runs';
import { graphEventsJson } from '../train/graph-report';
import { saveLearnedGraphs } from '../train/saved-graphs';
import { coordinationOf, parseTrainArgs, trainOptionsOf } from '../train/train-args';
import { coordinatedTrainRuns, isPlainRun, runSetupFromSpec } from '@gsn/coordinator';

const pct = (x: number) => (100 * x).toFixed(2);
const round = (x: number, digits: number) => Number(x.toFixed(digits));

export const trainCommand: Command = {
  name: 'train',
  summary: 'train a model on each split; test accuracy at the best validation epoch, mean ± std',
  usage:
    'gsn train --data <name|folder> [--model stationary|sheaf|gcn|mlp] [--splits all|K|A-B|planetoid[:N]] ' +
    '[--epochs N] [--patience N] [--lr η] [--weight-decay λ] [--seed S] [--backend wasm|cpu|tensorflow] [--layers L] [--channels C] [--dropout P] [--stalk D] [--layer-graph input|knn:K|input+knn:K] [--solve layerwise|global|penalized] [--mu M] [--balance LAMBDA] ' +
    '[--learn-graph natural|mirror|euclidean|off] [--graph-metric entropy|log-barrier|hypentropy] [--graph-lr η] [--graph-l1 λ] [--two-hop K] [--knn K] [--save DIR] [--workers N] [--shard runs|graph|layers] [--save-every K] [--resume DIR] [--json]\n' +
    '  --workers N --shard runs: whole runs (split x seed) spread over N worker threads; ' +
    '--shard graph: one run at a time, every stationary layer solve (forward and adjoint) row-sharded over N workers ' +
    '(nodes partitioned multilevel k-way; --model stationary, layerwise solve; same result as 1 worker); --shard layers: the penalized supra-graph relaxation (--solve penalized) solved ' +
    'layer-parallel, each worker owning the rows of a block of whole layers (N <= --layers; same result as 1 worker)\n' +
    '  --layer-graph: the graph of --model stationary and sheaf, where graph learning starts: the dataset\'s edges (input, the default), ' +
    'each node\'s K most cosine-similar nodes in the features (knn:K), or both; --knn K adds such nodes as candidates at weight 0 instead',
  async run(argv) {
    const args = parseTrainArgs(argv);
    const backend = await useBackend(args.backend);
    const dataset = loadDataset(args.data);
    const task = datasetTask(dataset);
    try {
      const runs = selectRuns(task.splits, args.splits, args.seed);
      const { model, hooks, graphOptions } = runSetupFromSpec(modelSpecOf(args), dataset);
      const progress = progressReporter(process.stdout);
      const coordination = coordinationOf(args);
      const summary = await (isPlainRun(coordination) ? trainRuns : coordinatedTrainRuns(coordination))(
        model,
        task,
        runs,
        trainOptionsOf(args),
        {
          onRunStart: progress.startRun,
          onEpoch: progress.epoch,
          onRun: progress.run,
          ...hooks,
        },
      );
      const iters = summary.solverItersMean === null ? '-' : summary.solverItersMean.toFixed(1);
      console.log(
        `${dataset.name} ${model.name} on ${backend.name}: test ${pct(summary.testAccMean)} ± ${pct(summary.testAccStd)} ` +
          `over ${runs.length} runs, ${summary.epochMsMedian.toFixed(2)} ms/epoch (median), solver iterations ${iters}`,
      );
      if (args.save !== undefined) saveLearnedGraphs(args.save, dataset.name, task.labels, summary.runs);
      if (args.json) {
        console.log(
          JSON.stringify({
            data: dataset.name,
            model: model.name,
            splits: runs.map((r) => r.split.name),
            seeds: runs.map((r) => r.seed),
            runs: runs.length,
            test_acc_mean: round(summary.testAccMean, 6),
            test_acc_std: round(summary.testAccStd, 6),
            test_accs: summary.runs.map((r) => round(r.testAcc, 6)),
            // The best validation accuracy of each run: what a configuration is chosen by (never the test accuracy).
            val_accs: summary.runs.map((r) => round(r.valAcc, 6)),
            epoch_ms_median: round(summary.epochMsMedian, 3),
            epochs_mean: round(summary.runs.reduce((s, r) => s + r.epochs, 0) / runs.length, 1),
            solver_iters_mean: summary.solverItersMean === null ? null : round(summary.solverItersMean, 2),
            solver_unconverged_epochs: summary.unconvergedSteps,
            backend: backend.name,
            ...(args.model === 'stationary' || args.model === 'sheaf' ? { layer_graph: formatLayerGraph(args.layerGraph ?? INPUT_LAYER_GRAPH) } : {}),
            ...(graphOptions ? graphEventsJson(graphOptions, summary.runs) : {}),
          }),
        );
      }
      return 0;
    } finally {
      task.dispose();
    }
  },
};
