import * as tf from '@tensorflow/tfjs';
import type { Model, Params } from '@gsn/nn';
import type { GradientTransformation, OptState } from '@gsn/optim';
import { adam, addDecayedWeights, applyUpdates, chain, disposeStale, keepParamsNonNegative } from '@gsn/optim';
import { ConvergenceError, createRng, InvalidArgumentError, type Rng } from '@gsn/tensor';
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
  readonly optimizer?: (options: TrainOptions, model: OptimizedModel, labelledFraction: number) => GradientTransformation;
  readonly onEpoch?: (info: EpochInfo) => void;
  /** A term added to the training loss (e.g. `balancePenalty`'s Ω_λ); differentiated by tfjs. */
  readonly penalty?: (params: Params) => tf.Scalar;
  /** Graph learning (`graphLearning(...).hooks()`): its optimizer replaces `optimizer`. */
  readonly graph?: GraphLearningHooks;
  /** Where the run starts from and what it keeps after each epoch (checkpoints, resume). */
  readonly resumable?: ResumableRun;
}

/** The counters of a run between epochs: plain data (JSON-serialisable except `valLoss: Infinity` before epoch 1). */
export interface RunProgress {
  best: { valAcc: number; valLoss: number; testAcc: number; epoch: number };
  /** Epochs since the last improvement (early stopping). */
  bad: number;
  /** Epochs done. */
  epoch: number;
  epochMs: number[];
  solverIterations: number[];
  losses: number[];
  valLosses: number[];
  unconvergedSteps: number;
  /** Early stopping or the epoch cap ended the run. */
  finished: boolean;
}

/** Everything a run carries from one epoch to the next (besides `hooks.graph`'s own state). */
export interface RunState {
  readonly params: Params;
  readonly optState: OptState;
  readonly progress: RunProgress;
  /** The dropout masks' generator. */
  readonly dropout: Rng;
}

/**
 * `hooks.resumable`: `start` gets the fresh state of the run (before epoch 1; its dropout
 * generator is `createRng(dropoutSeed)`) and returns the state to train from; when it returns
 * other tensors it disposes the fresh ones, and the run owns what it returns. `afterEpoch` sees
 * the state after each epoch (after `hooks.graph.onEpoch` and `hooks.onEpoch`, read only) and
 * returns false to stop the run there, unfinished.
 */
export interface ResumableRun {
  start(fresh: RunState, dropoutSeed: number): RunState;
  afterEpoch(state: RunState): boolean;
}

/** The progress of a run that has not started. */
export function freshProgress(): RunProgress {
  return {
    best: { valAcc: -1, valLoss: Infinity, testAcc: 0, epoch: 0 },
    bad: 0,
    epoch: 0,
    epochMs: [],
    solverIterations: [],
    losses: [],
    valLosses: [],
    unconvergedSteps: 0,
    finished: false,
  };
}

/** What an optimizer needs to know of a model: which parameters decay, how much, which stay ≥ 0. */
export type OptimizedModel = Pick<Model<unknown>, 'decays' | 'nonNegative' | 'decayScale'>;

/**
 * peer.py's optimizer: L2 added to the gradient (of every parameter, or those `model.decays`
 * selects), then Adam; then, for the parameters `model.nonNegative` selects, steps stopped at 0.
 * The L2 coefficient is `weightDecay`, times `model.decayScale(labelledFraction)` if the model
 * has one.
 */
export function defaultOptimizer(o: TrainOptions, model: OptimizedModel, labelledFraction: number): GradientTransformation {
  if (!(labelledFraction > 0 && labelledFraction <= 1)) {
    throw new InvalidArgumentError(`train: the labelled fraction of the run's nodes is ${labelledFraction}, not in (0, 1]`);
  }
  const scale = model.decayScale?.(labelledFraction) ?? 1;
  if (!(scale >= 0 && Number.isFinite(scale))) throw new InvalidArgumentError(`train: the model's decayScale(${labelledFraction}) = ${scale} is not a finite number ≥ 0`);
  const steps = [addDecayedWeights(o.weightDecay * scale, model.decays?.bind(model)), adam(o.lr)];
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
 * `hooks.resumable` may start the run from a saved state and stop it early (checkpoints).
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
  // = rng.fork(), with the seed kept for `hooks.resumable`
  const dropoutSeed = Math.floor(rng.next() * 4294967296);
  const labelledFraction = train.length / n;
  const optimizer = hooks.graph ? hooks.graph.optimizer(o, model, labelledFraction) : (hooks.optimizer ?? defaultOptimizer)(o, model, labelledFraction);
  const targets = crossEntropyTargets(task.labels, classes, train);
  const initParams = model.init(initRng, task.dims);
  const fresh: RunState = { params: initParams, optState: optimizer.init(initParams), progress: freshProgress(), dropout: createRng(dropoutSeed) };
  let params: Params = fresh.params;
  let state: OptState = fresh.optState;
  try {
    const started = hooks.resumable ? hooks.resumable.start(fresh, dropoutSeed) : fresh;
    params = started.params;
    state = started.optState;
    const { progress, dropout: dropoutRng } = started;
    const names = Object.keys(params).sort();
    const record = (ts: readonly tf.Tensor[]): Params => Object.fromEntries(names.map((k, i) => [k, ts[i]]));
    while (!progress.finished && progress.epoch < o.epochs) {
      const epoch = progress.epoch + 1;
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
      progress.epochMs.push(performance.now() - t0);
      next.loss.dispose();
      progress.losses.push(loss);
      disposeStale(params, next.params);
      disposeStale(state, next.state);
      params = next.params;
      state = next.state;
      const stats = model.stats?.();
      if (stats?.solverIterations !== undefined) progress.solverIterations.push(stats.solverIterations);
      if (stats?.converged === false) progress.unconvergedSteps++;
      if (!Number.isFinite(loss)) {
        throw new ConvergenceError(`train: the loss became ${loss} at epoch ${epoch} of split ${split.name}`, progress.losses);
      }

      const logitsTensor = tf.tidy(() => model.apply(params, task.inputs, { training: false, rng: dropoutRng }));
      const logits = logitsTensor.dataSync();
      logitsTensor.dispose();
      const predictions = argmaxRows(logits, classes);
      const valAcc = accuracy(predictions, task.labels, val);
      const valLoss = crossEntropy(logits, classes, task.labels, val);
      progress.valLosses.push(valLoss);
      const best = progress.best;
      const improved = valAcc > best.valAcc || (valAcc === best.valAcc && valLoss < best.valLoss);
      if (improved) {
        progress.best = { valAcc, valLoss, testAcc: accuracy(predictions, task.labels, test), epoch };
        progress.bad = 0;
      } else progress.bad++;
      progress.epoch = epoch;
      progress.finished = progress.bad >= o.patience || epoch >= o.epochs;
      hooks.graph?.onEpoch(epoch, improved);
      hooks.onEpoch?.({ split: split.name, epoch, maxEpochs: o.epochs, loss, valAcc, bestValAcc: progress.best.valAcc, ms: progress.epochMs[progress.epochMs.length - 1] });
      if (hooks.resumable?.afterEpoch({ params, optState: state, progress, dropout: dropoutRng }) === false) break;
    }
    return {
      split: split.name,
      seed: o.seed,
      testAcc: progress.best.testAcc,
      valAcc: progress.best.valAcc,
      bestEpoch: progress.best.epoch,
      epochs: progress.epoch,
      epochMs: progress.epochMs,
      solverIterations: progress.solverIterations,
      unconvergedSteps: progress.unconvergedSteps,
      valLosses: progress.valLosses,
      ...(hooks.graph ? { graph: hooks.graph.finish() } : {}),
    };
  } finally {
    targets.dispose();
    disposeStale(params, []);
    disposeStale(state, []);
  }
}
