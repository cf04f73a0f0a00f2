import * as tf from '@tensorflow/tfjs';
import type { Model, Params } from '@gsn/nn';
import type { GradientTransformation, OptState } from '@gsn/optim';
import { adam, addDecayedWeights, applyUpdates, chain, disposeStale, keepParamsNonNegative } from '@gsn/optim';
import { ConvergenceError, createRng, InvalidArgumentError } from '@gsn/tensor';
import type { GraphLearningHooks, GraphRunResult } from './graph-learning';
import { crossEntropyTargets, maskedCrossEntropy } from './loss';
import { accuracy, argmaxRows, crossEntropy } from './metrics';
import type { TrainOptions } from './options';
import { trainOptions } from './options';
import type { NodeClassificationTask, Split } from './task';

/** What one training run reports. Accuracies are fractions in [0, 1]. */
export interface RunResult {
  readonly split: string;
  readonly seed: number;
  /** Test accuracy of the epoch with the best validation accuracy (ties: lower validation loss). */
  readonly testAcc: number;
  readonly valAcc: number;
  readonly bestEpoch: number;
  /** Epochs run (early stopping may end before `options.epochs`). */
  readonly epochs: number;
  /** Wall time of each training step (forward, loss, backward, update), in ms. */
  readonly epochMs: readonly number[];
  /** Forward solver iterations of each training step, for models that report them. */
  readonly solverIterations: readonly number[];
  /** Training steps whose forward solve stopped short of its tolerance (models that report it). */
  readonly unconvergedSteps: number;
  /** Validation cross-entropy after each epoch (evaluation pass). */
  readonly valLosses?: readonly number[];
  /** The learned graphs and their face crossings, when `hooks.graph` trains them. */
  readonly graph?: GraphRunResult;
}

/** Progress of one epoch, handed to `hooks.onEpoch`. */
export interface EpochInfo {
  readonly split: string;
  readonly epoch: number;
  readonly maxEpochs: number;
  readonly loss: number;
  readonly valAcc: number;
  readonly bestValAcc: number;
  readonly ms: number;
}

export interface TrainHooks {
  /** Replaces `defaultOptimizer` (e.g. by a `partition` that gives graph weights their own transform). */
  readonly optimizer?: (options: TrainOptions, model: Pick<Model<unknown>, 'decays' | 'nonNegative'>) => GradientTransformation;
  readonly onEpoch?: (info: EpochInfo) => void;
  /** A term added to the training loss (e.g. `balancePenalty`'s Ω_λ); differentiated by tfjs. */
  readonly penalty?: (params: Params) => tf.Scalar;
  /** Graph learning (`graphLearning(...).hooks()`): its optimizer replaces `optimizer`. */
  readonly graph?: GraphLearningHooks;
}

/**
 * peer.py's optimizer: L2 added to the gradient (of every parameter, or those `model.decays`
 * selects), then Adam; then, for the parameters `model.nonNegative` selects, steps stopped at 0.
 */
export function defaultOptimizer(
  o: TrainOptions,
  model: Pick<Model<unknown>, 'decays' | 'nonNegative'> = {},
): GradientTransformation {
  const steps = [addDecayedWeights(o.weightDecay, model.decays?.bind(model)), adam(o.lr)];
  if (model.nonNegative) steps.push(keepParamsNonNegative(model.nonNegative.bind(model)));
  return chain(...steps);
}

function labelled(nodes: ArrayLike<number>, labels: Int32Array, what: string, n: number): Int32Array {
  const out = Int32Array.from(nodes).filter((i) => {
    if (!(i >= 0 && i < n)) throw new InvalidArgumentError(`split ${what}: node ${i} is outside [0, ${n})`);
    return labels[i] >= 0;
  });
  return out;
}

/**
 * Trains `model` on one split, full batch, seeded by `seed`: parameters from `rng.fork()`,
 * dropout masks from a second fork. Each epoch is one optimizer step on the masked mean
 * cross-entropy of the training nodes, then an evaluation pass (dropout off) that scores
 * validation and test nodes. Stops after `patience` epochs without improvement.
 *
 * Tensors: every epoch frees what it allocates, so `tf.memory().numTensors` is the same at
 * the end of every epoch; the parameters are freed before returning.
 */
export function trainSplit<I>(
  model: Model<I>,
  task: NodeClassificationTask<I>,
  split: Split,
  seed: number,
  options: Partial<TrainOptions> = {},
  hooks: TrainHooks = {},
): RunResult {
  const o = trainOptions({ ...options, seed });
  const n = task.labels.length;
  const train = labelled(split.train, task.labels, `${split.name} train`, n);
  const val = labelled(split.val, task.labels, `${split.name} val`, n);
  const test = labelled(split.test, task.labels, `${split.name} test`, n);
  const classes = task.dims.classes;

  const rng = createRng(o.seed);
  const initRng = rng.fork();
  const dropoutRng = rng.fork();
  const optimizer = hooks.graph ? hooks.graph.optimizer(o, model) : (hooks.optimizer ?? defaultOptimizer)(o, model);
  const targets = crossEntropyTargets(task.labels, classes, train);
  let params: Params = model.init(initRng, task.dims);
  let state: OptState = optimizer.init(params);
  const names = Object.keys(params).sort();
  const record = (ts: readonly tf.Tensor[]): Params => Object.fromEntries(names.map((k, i) => [k, ts[i]]));

  let best = { valAcc: -1, valLoss: Infinity, testAcc: 0, epoch: 0 };
  let bad = 0;
  let epoch = 0;
  const epochMs: number[] = [];
  const solverIterations: number[] = [];
  const losses: number[] = [];
  const valLosses: number[] = [];
  let unconvergedSteps = 0;
  try {
    for (epoch = 1; epoch <= o.epochs; epoch++) {
      const t0 = performance.now();
      const next = tf.tidy(() => {
        const { value, grads } = tf.valueAndGrads((...ts: tf.Tensor[]) => {
          const loss = maskedCrossEntropy(model.apply(record(ts), task.inputs, { training: true, rng: dropoutRng }), targets);
          return hooks.penalty ? tf.add(loss, hooks.penalty(record(ts))) : loss;
        })(names.map((k) => params[k]));
        const r = optimizer.update(record(grads), state, params);
        return { params: applyUpdates(params, r.updates), state: r.state, loss: value };
      });
      const loss = next.loss.dataSync()[0];
      epochMs.push(performance.now() - t0);
      next.loss.dispose();
      losses.push(loss);
      disposeStale(params, next.params);
      disposeStale(state, next.state);
      params = next.params;
      state = next.state;
      const stats = model.stats?.();
      if (stats?.solverIterations !== undefined) solverIterations.push(stats.solverIterations);
      if (stats?.converged === false) unconvergedSteps++;
      if (!Number.isFinite(loss)) {
        throw new ConvergenceError(`train: the loss became ${loss} at epoch ${epoch} of split ${split.name}`, losses);
      }

      const logitsTensor = tf.tidy(() => model.apply(params, task.inputs, { training: false, rng: dropoutRng }));
      const logits = logitsTensor.dataSync();
      logitsTensor.dispose();
      const predictions = argmaxRows(logits, classes);
      const valAcc = accuracy(predictions, task.labels, val);
      const valLoss = crossEntropy(logits, classes, task.labels, val);
      valLosses.push(valLoss);
      const improved = valAcc > best.valAcc || (valAcc === best.valAcc && valLoss < best.valLoss);
      if (improved) {
        best = { valAcc, valLoss, testAcc: accuracy(predictions, task.labels, test), epoch };
        bad = 0;
      } else bad++;
      hooks.graph?.onEpoch(epoch, improved);
      hooks.onEpoch?.({ split: split.name, epoch, maxEpochs: o.epochs, loss, valAcc, bestValAcc: best.valAcc, ms: epochMs[epochMs.length - 1] });
      if (bad >= o.patience) break;
    }
  } finally {
    targets.dispose();
    disposeStale(params, []);
    disposeStale(state, []);
  }
  return {
    split: split.name,
    seed: o.seed,
    testAcc: best.testAcc,
    valAcc: best.valAcc,
    bestEpoch: best.epoch,
    epochs: Math.min(epoch, o.epochs),
    epochMs,
    solverIterations,
    unconvergedSteps,
    valLosses,
    ...(hooks.graph ? { graph: hooks.graph.finish() } : {}),
  };
}
