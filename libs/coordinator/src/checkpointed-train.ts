import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { hasCheckpoint, loadCheckpoint, saveCheckpoint, type CheckpointArray } from '@gsn/distributed';
import type { Model, Params } from '@gsn/nn';
import { applyUpdates, disposeStale, type OptState } from '@gsn/optim';
import { ConvergenceError, createRng, InvalidArgumentError } from '@gsn/tensor';
import {
  accuracy,
  argmaxRows,
  crossEntropy,
  crossEntropyTargets,
  defaultOptimizer,
  maskedCrossEntropy,
  trainOptions,
  type NodeClassificationTask,
  type RunResult,
  type Split,
  type TrainHooks,
  type TrainOptions,
} from '@gsn/train';
import { replayableRng, type RngLog } from './replayable-rng';
import { disposeContainer, flattenTensors, restoreTensors } from './train-state';

export const CHECKPOINT_KIND = 'gsn-train';
export const CHECKPOINT_VERSION = 1;

export interface CheckpointOptions {
  /** Root given by `--save` / `--resume`; checkpoints go to `<dir>/checkpoint/<split>-seed<seed>/`. */
  readonly dir: string;
  /** Save every K epochs (and when the run ends). */
  readonly every: number;
  /** Continue from the run's latest checkpoint when there is one. */
  readonly resume: boolean;
  /** Where `resume` reads from, when it is not `dir` (`--resume A --save B`). */
  readonly resumeFrom?: string;
  /** Stop after this epoch as if interrupted (tests of resume); the run is then incomplete. */
  readonly stopAfter?: number;
}

interface Progress {
  best: { valAcc: number; valLoss: number; testAcc: number; epoch: number };
  bad: number;
  epoch: number;
  epochMs: number[];
  solverIterations: number[];
  losses: number[];
  valLosses: number[];
  unconvergedSteps: number;
  rng: RngLog;
  finished: boolean;
}

/** The folder of one run's checkpoints under a `--save` root. */
export function runCheckpointDir(root: string, split: string, seed: number): string {
  return path.join(root, 'checkpoint', `${split}-seed${seed}`);
}

function labelled(nodes: ArrayLike<number>, labels: Int32Array): Int32Array {
  return Int32Array.from(nodes).filter((i) => labels[i] >= 0);
}

/**
 * `trainSplit` with checkpoints: the same protocol, seeds and arithmetic, plus every `every`
 * epochs an atomic checkpoint (`saveCheckpoint`) of the parameters (learned edge weights are
 * parameters), the optimizer state (Adam moments and step), the dropout generator's position,
 * and the epoch / early-stopping / history counters. `resume` loads the latest one and goes on,
 * so a resumed run ends as the uninterrupted one would (bitwise for models without hidden
 * state; see README for the stationary network's warm start). A checkpoint of another run
 * (split, seed, model, options) is refused with an `InvalidArgumentError`.
 */
export function trainSplitCheckpointed<I>(
  model: Model<I>,
  task: NodeClassificationTask<I>,
  split: Split,
  seed: number,
  options: Partial<TrainOptions>,
  checkpoint: CheckpointOptions,
  hooks: TrainHooks = {},
): RunResult & { readonly finished: boolean } {
  if (!(Number.isInteger(checkpoint.every) && checkpoint.every > 0)) {
    throw new InvalidArgumentError(`checkpoint.every = ${checkpoint.every} is not a positive integer`);
  }
  const o = trainOptions({ ...options, seed });
  const classes = task.dims.classes;
  const train = labelled(split.train, task.labels);
  const val = labelled(split.val, task.labels);
  const test = labelled(split.test, task.labels);
  const identity = { split: split.name, seed: o.seed, model: model.name, options: { ...o } };
  const saveDir = runCheckpointDir(checkpoint.dir, split.name, o.seed);
  const loadDir = runCheckpointDir(checkpoint.resumeFrom ?? checkpoint.dir, split.name, o.seed);

  // as trainSplit: parameters from the first fork, dropout from the second
  const rng = createRng(o.seed);
  const initRng = rng.fork();
  const dropoutSeed = Math.floor(rng.next() * 4294967296);
  // hooks.graph: only its `off` mode is resumable (the moduli optimizer's state is private to
  // graphLearning); `coordinationOf` refuses checkpoints with another mode
  const optimizer = hooks.graph ? hooks.graph.optimizer(o, model) : (hooks.optimizer ?? defaultOptimizer)(o, model);
  let params: Params = model.init(initRng, task.dims);
  let state: OptState = optimizer.init(params);
  const names = Object.keys(params).sort();
  let progress: Progress = {
    best: { valAcc: -1, valLoss: Infinity, testAcc: 0, epoch: 0 },
    bad: 0,
    epoch: 0,
    epochMs: [],
    solverIterations: [],
    losses: [],
    valLosses: [],
    unconvergedSteps: 0,
    rng: [],
    finished: false,
  };

  if (checkpoint.resume && hasCheckpoint(loadDir)) {
    const saved = loadCheckpoint(loadDir, { kind: CHECKPOINT_KIND, version: CHECKPOINT_VERSION });
    const meta = saved.payload.meta as { identity: typeof identity; progress: Progress; numbers: Record<string, number> };
    if (JSON.stringify(meta.identity) !== JSON.stringify(identity)) {
      disposeContainer(params);
      disposeContainer(state);
      throw new InvalidArgumentError(
        `--resume: the checkpoint in ${loadDir} is of another run (${JSON.stringify(meta.identity)}), not ${JSON.stringify(identity)}`,
      );
    }
    const restoredParams = restoreTensors(params as tf.TensorContainer, 'params', saved.payload.tensors, meta.numbers) as Params;
    const restoredState = restoreTensors(state, 'opt', saved.payload.tensors, meta.numbers);
    disposeContainer(params);
    disposeContainer(state);
    params = restoredParams;
    state = restoredState;
    progress = { ...meta.progress, best: { ...meta.progress.best, valLoss: meta.progress.best.valLoss ?? Infinity } };
    // The stationary network warm-starts every solve from its last evaluation state, which is
    // no parameter: one evaluation pass with the restored parameters rebuilds it (to the
    // solver's tolerance, so a resumed stationary run matches to ~tol, not bitwise).
    if (progress.best.epoch > 0) hooks.graph?.onEpoch(progress.best.epoch, true);
    if (!progress.finished) tf.dispose(tf.tidy(() => model.apply(params, task.inputs, { training: false, rng: createRng(0) })));
  }
  const dropout = replayableRng(dropoutSeed, progress.rng);
  const save = () => {
    const tensors: Record<string, CheckpointArray> = {};
    const numbers: Record<string, number> = {};
    flattenTensors(params as tf.TensorContainer, 'params', tensors, numbers);
    flattenTensors(state, 'opt', tensors, numbers);
    // JSON has no Infinity: a best loss of Infinity (no epoch yet) is stored as null
    const p = { ...progress, rng: dropout.log() };
    saveCheckpoint(saveDir, { kind: CHECKPOINT_KIND, version: CHECKPOINT_VERSION, epoch: progress.epoch, payload: { tensors, meta: { identity, progress: p, numbers } } });
  };

  const targets = crossEntropyTargets(task.labels, classes, train);
  const record = (ts: readonly tf.Tensor[]): Params => Object.fromEntries(names.map((k, i) => [k, ts[i]]));
  let stopped = false;
  try {
    while (!progress.finished && progress.epoch < o.epochs) {
      const epoch = progress.epoch + 1;
      const t0 = performance.now();
      const next = tf.tidy(() => {
        const { value, grads } = tf.valueAndGrads((...ts: tf.Tensor[]) => {
          const loss = maskedCrossEntropy(model.apply(record(ts), task.inputs, { training: true, rng: dropout.rng }), targets);
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
      const logitsTensor = tf.tidy(() => model.apply(params, task.inputs, { training: false, rng: dropout.rng }));
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
      hooks.graph?.onEpoch(epoch, improved);
      progress.epoch = epoch;
      hooks.onEpoch?.({ split: split.name, epoch, maxEpochs: o.epochs, loss, valAcc, bestValAcc: progress.best.valAcc, ms: progress.epochMs[progress.epochMs.length - 1] });
      if (progress.bad >= o.patience || epoch >= o.epochs) progress.finished = true;
      if (progress.finished || epoch % checkpoint.every === 0) save();
      if (!progress.finished && checkpoint.stopAfter !== undefined && epoch >= checkpoint.stopAfter) {
        stopped = true;
        break;
      }
    }
  } finally {
    targets.dispose();
    disposeStale(params, []);
    disposeStale(state, []);
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
    finished: !stopped,
  };
}
