import * as tf from '@tensorflow/tfjs';
import { loadCheckpoint, saveCheckpoint, type CheckpointArray } from '@gsn/distributed';
import type { Params } from '@gsn/nn';
import type { OptState } from '@gsn/optim';
import { ConvergenceError, InvalidArgumentError } from '@gsn/tensor';
import type { GraphLearningSnapshot, RunProgress } from '@gsn/train';
import type { RngLog } from './replayable-rng';
import { disposeContainer, flattenTensors, restoreTensors } from './train-state';

export const CHECKPOINT_KIND = 'gsn-train';
/** 2: graph-learning state added (a v1 checkpoint is refused as foreign). */
export const CHECKPOINT_VERSION = 2;

/** What a checkpoint holds of a run: tensors by name, the rest as JSON. */
export interface RunSnapshot {
  readonly params: Params;
  readonly optState: OptState;
  readonly progress: RunProgress;
  readonly dropoutDraws: RngLog;
  readonly graph?: GraphLearningSnapshot;
}

/** Which run a checkpoint belongs to: resuming needs equal identities. */
export type RunIdentity = { readonly [key: string]: unknown };

type SavedMeta = {
  readonly identity: RunIdentity;
  readonly progress: RunProgress;
  readonly dropoutDraws: RngLog;
  readonly numbers: Record<string, number>;
  readonly graph: GraphLearningSnapshot['meta'] | null;
};

const GRAPH = 'graph.';

/**
 * Writes `run` atomically into `dir` (`saveCheckpoint`: a failed save leaves the previous one
 * in place). A state with a non-finite parameter is refused before anything is written, so a
 * diverged run never replaces the last good checkpoint.
 */
export function saveRunCheckpoint(dir: string, identity: RunIdentity, run: RunSnapshot): void {
  const tensors: Record<string, CheckpointArray> = {};
  const numbers: Record<string, number> = {};
  flattenTensors(run.params as tf.TensorContainer, 'params', tensors, numbers);
  for (const [name, values] of Object.entries(tensors)) {
    const bad = values.findIndex((x) => !Number.isFinite(x));
    if (bad >= 0) {
      throw new ConvergenceError(`checkpoint at epoch ${run.progress.epoch}: ${name}[${bad}] = ${values[bad]}; the last good checkpoint in ${dir} is kept`, run.progress.losses);
    }
  }
  flattenTensors(run.optState, 'opt', tensors, numbers);
  for (const [name, values] of Object.entries(run.graph?.arrays ?? {})) tensors[GRAPH + name] = values;
  // JSON has no Infinity: the best loss before the first epoch is stored as null
  const meta: SavedMeta = { identity, progress: run.progress, dropoutDraws: run.dropoutDraws, numbers, graph: run.graph?.meta ?? null };
  saveCheckpoint(dir, { kind: CHECKPOINT_KIND, version: CHECKPOINT_VERSION, epoch: run.progress.epoch, payload: { tensors, meta } });
}

/**
 * The run saved in `dir`, rebuilt on the shapes of `template` (a fresh run's parameters and
 * optimizer state, left to the caller). Throws `InvalidArgumentError` for a checkpoint of
 * another run (identity, model shapes, with or without graph learning) or of another kind or
 * version, `DataFormatError` (naming the file) for a corrupt one.
 */
export function loadRunCheckpoint(
  dir: string,
  identity: RunIdentity,
  template: { readonly params: Params; readonly optState: OptState; readonly graph: boolean },
): RunSnapshot {
  const saved = loadCheckpoint(dir, { kind: CHECKPOINT_KIND, version: CHECKPOINT_VERSION });
  const meta = saved.payload.meta as Partial<SavedMeta>;
  if (!meta.identity || !meta.progress || !Array.isArray(meta.dropoutDraws) || !meta.numbers) {
    throw new InvalidArgumentError(`--resume: the checkpoint in ${dir} lacks the run's identity, progress or dropout position`);
  }
  if (JSON.stringify(meta.identity) !== JSON.stringify(identity)) {
    throw new InvalidArgumentError(`--resume: the checkpoint in ${dir} is of another run (${JSON.stringify(meta.identity)}), not ${JSON.stringify(identity)}`);
  }
  if (Boolean(meta.graph) !== template.graph) {
    throw new InvalidArgumentError(`--resume: the checkpoint in ${dir} was made ${meta.graph ? 'with' : 'without'} graph learning, this run is ${template.graph ? 'with' : 'without'} it`);
  }
  const { tensors } = saved.payload;
  const graphArrays: Record<string, Float32Array> = {};
  for (const [name, values] of Object.entries(tensors)) {
    if (name.startsWith(GRAPH) && values instanceof Float32Array) graphArrays[name.slice(GRAPH.length)] = values;
  }
  const params = restoreTensors(template.params as tf.TensorContainer, 'params', tensors, meta.numbers) as Params;
  let optState: OptState;
  try {
    optState = restoreTensors(template.optState, 'opt', tensors, meta.numbers);
  } catch (err) {
    disposeContainer(params);
    throw err;
  }
  const best = meta.progress.best;
  return {
    params,
    optState,
    progress: { ...meta.progress, best: { ...best, valLoss: best.valLoss ?? Infinity } },
    dropoutDraws: meta.dropoutDraws,
    ...(meta.graph ? { graph: { arrays: graphArrays, meta: meta.graph } } : {}),
  };
}
