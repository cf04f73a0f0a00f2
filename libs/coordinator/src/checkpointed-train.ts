import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { hasCheckpoint } from '@gsn/distributed';
import type { Model, Params } from '@gsn/nn';
import { createRng, InvalidArgumentError } from '@gsn/tensor';
import {
  trainOptions,
  trainSplit,
  type NodeClassificationTask,
  type ResumableRun,
  type RunResult,
  type RunState,
  type Split,
  type TrainHooks,
  type TrainOptions,
} from '@gsn/train';
import { replayableRng, type RngLog } from './replayable-rng';
import { loadRunCheckpoint, saveRunCheckpoint } from './run-checkpoint';
import { disposeContainer } from './train-state';

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

/** The folder of one run's checkpoints under a `--save` root. */
export function runCheckpointDir(root: string, split: string, seed: number): string {
  return path.join(root, 'checkpoint', `${split}-seed${seed}`);
}

/**
 * `trainSplit` with checkpoints (through `hooks.resumable`): every `every` epochs, and when the
 * run ends, an atomic checkpoint of the parameters, the optimizer state (Adam moments and
 * step), graph learning's state (moduli points and update counts, kept weights, crossing log),
 * the dropout generator's position, and the epoch / early-stopping / history counters.
 * `resume` loads the latest one and goes on, so a resumed run ends bitwise as the
 * uninterrupted one. A checkpoint of another run (split, seed, model, options, graph-learning
 * options) is refused with an `InvalidArgumentError`, a corrupt one with a `DataFormatError`.
 *
 * The stationary network warm-starts each solve from its last evaluation state, which no
 * checkpoint holds; so after every save (and on resume) the model's caches are reset
 * (`model.init` on a throwaway generator) and rebuilt by one evaluation pass at the saved
 * parameters: both runs then continue from the same state.
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
  const identity = { split: split.name, seed: o.seed, model: model.name, options: { ...o } };
  const saveDir = runCheckpointDir(checkpoint.dir, split.name, o.seed);
  const loadDir = runCheckpointDir(checkpoint.resumeFrom ?? checkpoint.dir, split.name, o.seed);
  const rebuildWarmStart = (params: Params) => {
    tf.dispose(Object.values(model.init(createRng(0), task.dims)));
    tf.dispose(tf.tidy(() => model.apply(params, task.inputs, { training: false, rng: createRng(0) })));
  };
  let dropoutDraws: () => RngLog = () => [];
  let stopped = false;

  const resumable: ResumableRun = {
    start(fresh, dropoutSeed): RunState {
      if (!(checkpoint.resume && hasCheckpoint(loadDir))) {
        const dropout = replayableRng(dropoutSeed);
        dropoutDraws = dropout.log;
        return { ...fresh, dropout: dropout.rng };
      }
      const saved = loadRunCheckpoint(loadDir, identity, { params: fresh.params, optState: fresh.optState, graph: hooks.graph !== undefined });
      try {
        if (saved.graph) hooks.graph!.restore(saved.graph);
      } catch (err) {
        disposeContainer(saved.params);
        disposeContainer(saved.optState);
        throw err;
      }
      disposeContainer(fresh.params);
      disposeContainer(fresh.optState);
      const dropout = replayableRng(dropoutSeed, saved.dropoutDraws);
      dropoutDraws = dropout.log;
      if (!saved.progress.finished) rebuildWarmStart(saved.params);
      return { params: saved.params, optState: saved.optState, progress: saved.progress, dropout: dropout.rng };
    },
    afterEpoch({ params, optState, progress }) {
      if (progress.finished || progress.epoch % checkpoint.every === 0) {
        saveRunCheckpoint(saveDir, identity, { params, optState, progress, dropoutDraws: dropoutDraws(), ...(hooks.graph ? { graph: hooks.graph.snapshot() } : {}) });
        if (!progress.finished) rebuildWarmStart(params);
      }
      stopped = !progress.finished && checkpoint.stopAfter !== undefined && progress.epoch >= checkpoint.stopAfter;
      return !stopped;
    },
  };
  return { ...trainSplit(model, task, split, seed, options, { ...hooks, resumable }), finished: !stopped };
}
