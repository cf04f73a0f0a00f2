/**
 * `npm run bench -- moduli [--data texas] [--splits 0-2] [--epochs 150] [--lr η] [--natural-lr η'] [--two-hop K] [--backend wasm]`
 *
 * Natural gradient (entropy metric, NG-M1) against projected gradient descent (Euclidean
 * metric) for the stationary network's edge weights, everything else Adam, same η (or
 * `--natural-lr` for the natural gradient: its step is (w + ε) times the Euclidean one), same seeds,
 * `epochs` epochs without early stopping. For each split: the validation cross-entropy curve of
 * both, the Euclidean optimizer's best validation loss as the target, the first epoch at which
 * each curve reaches it, and `ratio` = natural epochs / Euclidean epochs (< 1: the natural
 * gradient is faster; null when it never reaches the target). A last line sums over splits.
 */
import { parseArgs } from 'node:util';
import { loadDataset } from '@gsn/graph';
import { useBackend, type BackendName } from '@gsn/tensor';
import { datasetTask, graphLearning, GRAPH_LEARNING_DEFAULTS, stationaryNetwork, trainSplit, type GraphLearningMode } from '@gsn/train';
import { printFigure, round } from './harness';

const BENCH = 'moduli';

/** First epoch (1-based) whose value is ≤ target (with a relative slack of 1e-9); null if none. */
function epochsTo(curve: readonly number[], target: number): number | null {
  const i = curve.findIndex((x) => x <= target * (1 + 1e-9));
  return i < 0 ? null : i + 1;
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string', default: 'texas' },
      splits: { type: 'string', default: '0-2' },
      epochs: { type: 'string', default: '150' },
      lr: { type: 'string', default: String(GRAPH_LEARNING_DEFAULTS.lr) },
      'natural-lr': { type: 'string' },
      'two-hop': { type: 'string', default: String(GRAPH_LEARNING_DEFAULTS.twoHopPerNode) },
      backend: { type: 'string', default: 'wasm' },
    },
  });
  const [from, to] = values.splits!.split('-').map(Number);
  const epochs = Number(values.epochs);
  const lr = Number(values.lr);
  const naturalLr = values['natural-lr'] === undefined ? lr : Number(values['natural-lr']);
  const twoHopPerNode = Number(values['two-hop']);
  await useBackend(values.backend as BackendName);
  const dataset = loadDataset(values.data!);
  const task = datasetTask(dataset);
  const totals = { natural: 0, euclidean: 0, reached: 0, splits: 0 };
  try {
    for (let k = from; k <= (to ?? from); k++) {
      const curves = {} as Record<GraphLearningMode, readonly number[]>;
      for (const mode of ['euclidean', 'natural'] as const) {
        const learning = graphLearning(dataset.graph, { mode, lr: mode === 'natural' ? naturalLr : lr, twoHopPerNode });
        const model = learning.model((g) => stationaryNetwork(g));
        const r = trainSplit(model, task, task.splits[k], k, { epochs, patience: epochs }, { graph: learning.hooks() });
        curves[mode] = r.valLosses ?? [];
      }
      const target = Math.min(...curves.euclidean);
      const euclidean = epochsTo(curves.euclidean, target)!;
      const natural = epochsTo(curves.natural, target);
      totals.splits++;
      totals.euclidean += euclidean;
      if (natural !== null) {
        totals.reached++;
        totals.natural += natural;
      }
      const every = (c: readonly number[]) => c.filter((_, i) => i % 10 === 9).map((x) => round(x, 4));
      printFigure(BENCH, {
        figure: 'epochs_to_euclidean_best_val_loss',
        data: dataset.name,
        split: task.splits[k].name,
        lr,
        natural_lr: naturalLr,
        two_hop_per_node: twoHopPerNode,
        target_val_loss: round(target, 5),
        natural_best_val_loss: round(Math.min(...curves.natural), 5),
        euclidean_epochs: euclidean,
        natural_epochs: natural,
        ratio: natural === null ? null : round(natural / euclidean),
        curve_every_10_epochs: { euclidean: every(curves.euclidean), natural: every(curves.natural) },
      });
    }
    printFigure(BENCH, {
      figure: 'epochs_to_euclidean_best_val_loss_total',
      data: dataset.name,
      splits: totals.splits,
      natural_reached: totals.reached,
      euclidean_epochs: totals.euclidean,
      natural_epochs: totals.reached === totals.splits ? totals.natural : null,
      ratio: totals.reached === totals.splits ? round(totals.natural / totals.euclidean) : null,
    });
  } finally {
    task.dispose();
  }
  return 0;
}
