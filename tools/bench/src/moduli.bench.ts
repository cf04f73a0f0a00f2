/**
 * `npm run bench -- moduli [--data texas] [--splits 0-2] [--epochs 150] [--lrs 1,3,10,30,100,300] [--epsilon 0.1,0.01] [--step natural|mirror] [--metric entropy|log-barrier|hypentropy] [--two-hop K] [--layer-graph input|knn:K] [--network trained|frozen] [--pretrain 100] [--backend wasm]`
 *
 * Natural gradient (entropy metric, NG-M1) against projected gradient descent (Euclidean
 * metric) for the stationary network's edge weights, everything else Adam, same seeds, the
 * default λ₁, `epochs` epochs without early stopping. Each optimizer runs at every step size η
 * of the grid `--lrs` (the natural step is (w + ε) times the Euclidean one at the same η, so
 * comparing them at one η compares step lengths, not geometries). `--epsilon` lists the entropy
 * metric's shifts ε to try (default: graph learning's): where ε is large next to the weights, the
 * natural step is nearly a rescaled Euclidean one; a small ε makes it multiplicative (every edge
 * moves by the same fraction of its weight), and an absent edge enters at ε times the Euclidean
 * speed. `--step mirror` runs the entropy geometry's mirror step (MD-M1, `--learn-graph mirror`)
 * in place of NG-M1 for the "natural" curves; `--metric` runs either step under the log-barrier
 * (g = 1/(w + ε)²) or hypentropy (g = 1/√(w² + ε²)) metric in place of the entropy one (ε from
 * `--epsilon` in each). `--layer-graph` is `gsn train`'s: the graph the
 * layers run on and graph learning starts from (the dataset's, or each node's K nearest nodes).
 * The Euclidean curves do not depend on ε, so they are run once per split and compared with the
 * natural curves of each ε (one line per split and ε). For each split: the target is
 * the best validation cross-entropy the Euclidean optimizer reaches at any η of the grid; each
 * optimizer's epochs-to-target is the first epoch its curve reaches it, at its own best η
 * (fewest epochs); `ratio` = natural epochs / Euclidean epochs (< 1: the natural gradient is
 * faster; null when no η of the grid reaches the target). The target is the best of several
 * noisy curves, so `common` repeats this with the target both reach (the larger of the two best
 * losses). A last line per ε sums over splits.
 *
 * `--network frozen` compares the optimizers on the graph alone: per split, the network is first
 * trained `--pretrain` epochs on the layer graph (`off`), then every run starts from those
 * parameters and steps only the edge weights (the network's gradients zeroed, no weight decay,
 * so Adam leaves it exactly where it is). With the network trained alongside (`trained`, the
 * default), Adam's progress on the network sets the epochs of both curves.
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { loadDataset } from '@gsn/graph';
import type { Params } from '@gsn/nn';
import { mapParams } from '@gsn/optim';
import { InvalidArgumentError, useBackend, type BackendName } from '@gsn/tensor';
import { datasetTask, epochsToTarget, formatLayerGraph, graphLearning, GRAPH_LEARNING_DEFAULTS, graphLearningOptions, type GraphLearningMetric, isEdgeWeightParam, layerGraph, parseLayerGraph, stationaryNetwork, trainSplit, type TrainHooks } from '@gsn/train';
import { printFigure, round } from './harness';
import { onPretrainedNetwork, pretrainedNetwork } from './pretrained-network';

const BENCH = 'moduli';
/** Validation-loss curve per step size η. */
type Curves = ReadonlyMap<number, readonly number[]>;

/** The lowest loss of any curve. */
function bestOf(curves: Curves): number {
  return Math.min(...[...curves.values()].map((c) => Math.min(...c)));
}

/** The η of the grid that reaches `target` first, its epochs, and the best loss of each η. */
function fastest(curves: Curves, target: number) {
  let best: { lr: number; epochs: number } | null = null;
  const bestLoss: Record<string, number> = {};
  for (const [lr, curve] of curves) {
    bestLoss[lr] = round(Math.min(...curve), 5);
    const epochs = epochsToTarget(curve, target);
    if (epochs !== null && (best === null || epochs < best.epochs)) best = { lr, epochs };
  }
  return { best, bestLoss };
}

/** Every tenth epoch's value of a curve, rounded for printing. */
function everyTenth(curve: readonly number[] | undefined): number[] {
  return (curve ?? []).filter((_, i) => i % 10 === 9).map((x) => round(x, 4));
}

/** Hooks that start a run from `network` (its edge weights fresh) and step only the edge weights. */
function frozenNetworkHooks(learning: ReturnType<typeof graphLearning>, network: Params): TrainHooks {
  const graph = learning.hooks();
  return {
    graph: {
      ...graph,
      optimizer(options, model, labelledFraction) {
        const inner = graph.optimizer({ ...options, weightDecay: 0 }, model, labelledFraction);
        return {
          init: (params) => inner.init(params),
          update: (grads, state, params) => inner.update(mapParams(grads, (g, name) => (isEdgeWeightParam(name) ? g : tf.zerosLike(g))), state, params),
        };
      },
    },
    resumable: {
      start: (fresh) => ({ ...fresh, params: onPretrainedNetwork(fresh.params, network) }),
      afterEpoch: () => true,
    },
  };
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string', default: 'texas' },
      splits: { type: 'string', default: '0-2' },
      epochs: { type: 'string', default: '150' },
      lrs: { type: 'string', default: '1,3,10,30,100,300' },
      epsilon: { type: 'string', default: String(GRAPH_LEARNING_DEFAULTS.epsilon) },
      step: { type: 'string', default: 'natural' },
      metric: { type: 'string', default: GRAPH_LEARNING_DEFAULTS.metric },
      'two-hop': { type: 'string', default: String(GRAPH_LEARNING_DEFAULTS.twoHopPerNode) },
      'layer-graph': { type: 'string', default: 'input' },
      network: { type: 'string', default: 'trained' },
      pretrain: { type: 'string', default: '100' },
      backend: { type: 'string', default: 'wasm' },
    },
  });
  const [from, to] = values.splits!.split('-').map(Number);
  const epochs = Number(values.epochs);
  const lrs = values.lrs!.split(',').map(Number);
  const epsilons = values.epsilon!.split(',').map(Number);
  const twoHopPerNode = Number(values['two-hop']);
  const step = values.step as 'natural' | 'mirror';
  if (step !== 'natural' && step !== 'mirror') throw new InvalidArgumentError(`--step must be natural or mirror, got '${values.step}'`);
  // graph learning's own check of the name, before any training
  const { metric } = graphLearningOptions({ metric: values.metric as GraphLearningMetric });
  const frozen = values.network === 'frozen';
  if (!frozen && values.network !== 'trained') throw new InvalidArgumentError(`--network must be trained or frozen, got '${values.network}'`);
  const pretrain = Number(values.pretrain);
  await useBackend(values.backend as BackendName);
  const dataset = loadDataset(values.data!);
  const choice = parseLayerGraph(values['layer-graph']!);
  const graph = layerGraph(dataset.graph, dataset.features, choice);
  const task = datasetTask(dataset);
  const totals = new Map(epsilons.map((epsilon) => [epsilon, { natural: 0, euclidean: 0, reached: 0, splits: 0, commonNatural: 0, commonEuclidean: 0 }]));
  try {
    for (let k = from; k <= (to ?? from); k++) {
      const split = task.splits[k];
      const network = frozen ? pretrainedNetwork(graph, task, split, k, pretrain) : null;
      /** Validation-loss curves of `mode` at every η of the grid. */
      const curvesOf = (mode: 'euclidean' | 'natural' | 'mirror', epsilon: number): Curves => {
        const curves = new Map<number, readonly number[]>();
        for (const lr of lrs) {
          const learning = graphLearning(graph, { mode, lr, epsilon, twoHopPerNode, ...(mode === 'euclidean' ? {} : { metric }) });
          const hooks = network ? frozenNetworkHooks(learning, network) : { graph: learning.hooks() };
          const r = trainSplit(learning.model((g) => stationaryNetwork(g)), task, split, k, { epochs, patience: epochs }, hooks);
          curves.set(lr, r.valLosses ?? []);
        }
        return curves;
      };
      const euclideanCurves = curvesOf('euclidean', GRAPH_LEARNING_DEFAULTS.epsilon);
      const target = bestOf(euclideanCurves);
      const euclidean = fastest(euclideanCurves, target);
      for (const epsilon of epsilons) {
        const naturalCurves = curvesOf(step, epsilon);
        const natural = fastest(naturalCurves, target);
        const commonTarget = Math.max(target, bestOf(naturalCurves));
        const [euclideanCommon, naturalCommon] = [fastest(euclideanCurves, commonTarget).best!, fastest(naturalCurves, commonTarget).best!];
        const sums = totals.get(epsilon)!;
        sums.splits++;
        sums.euclidean += euclidean.best!.epochs;
        sums.commonEuclidean += euclideanCommon.epochs;
        sums.commonNatural += naturalCommon.epochs;
        if (natural.best !== null) {
          sums.reached++;
          sums.natural += natural.best.epochs;
        }
        printFigure(BENCH, {
          figure: 'epochs_to_euclidean_best_val_loss',
          data: dataset.name,
          split: split.name,
          network: values.network,
          ...(frozen ? { pretrain_epochs: pretrain } : {}),
          lrs,
          l1: GRAPH_LEARNING_DEFAULTS.l1,
          epsilon,
          step,
          metric,
          two_hop_per_node: twoHopPerNode,
          layer_graph: formatLayerGraph(choice),
          target_val_loss: round(target, 5),
          euclidean_lr: euclidean.best!.lr,
          euclidean_epochs: euclidean.best!.epochs,
          natural_lr: natural.best?.lr ?? null,
          natural_epochs: natural.best?.epochs ?? null,
          ratio: natural.best === null ? null : round(natural.best.epochs / euclidean.best!.epochs),
          common: {
            target_val_loss: round(commonTarget, 5),
            euclidean_lr: euclideanCommon.lr,
            euclidean_epochs: euclideanCommon.epochs,
            natural_lr: naturalCommon.lr,
            natural_epochs: naturalCommon.epochs,
            ratio: round(naturalCommon.epochs / euclideanCommon.epochs),
          },
          best_val_loss_per_lr: { euclidean: euclidean.bestLoss, natural: natural.bestLoss },
          curve_every_10_epochs_at_best_lr: {
            euclidean: everyTenth(euclideanCurves.get(euclidean.best!.lr)),
            natural: everyTenth(natural.best ? naturalCurves.get(natural.best.lr) : undefined),
          },
        });
      }
      if (network) Object.values(network).forEach((t) => t.dispose());
    }
    for (const [epsilon, sums] of totals) {
      printFigure(BENCH, {
        figure: 'epochs_to_euclidean_best_val_loss_total',
        data: dataset.name,
        network: values.network,
        epsilon,
        step,
        metric,
        layer_graph: formatLayerGraph(choice),
        splits: sums.splits,
        natural_reached: sums.reached,
        euclidean_epochs: sums.euclidean,
        natural_epochs: sums.reached === sums.splits ? sums.natural : null,
        ratio: sums.reached === sums.splits ? round(sums.natural / sums.euclidean) : null,
        common: { euclidean_epochs: sums.commonEuclidean, natural_epochs: sums.commonNatural, ratio: round(sums.commonNatural / sums.commonEuclidean) },
      });
    }
  } finally {
    task.dispose();
  }
  return 0;
}
