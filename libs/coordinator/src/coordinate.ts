import type { FaultInjection } from '@gsn/distributed';
import type { GraphInputs, Model } from '@gsn/nn';
import { InvalidArgumentError, type BackendName } from '@gsn/tensor';
import { summarize, trainRuns, type NodeClassificationTask, type Run, type RunsHooks, type TrainOptions, type TrainSummary } from '@gsn/train';
import { trainSplitCheckpointed } from './checkpointed-train';
import { withGraphShardedModel } from './graph-strategy';
import { withLayerShardedModel } from './layer-strategy';
import type { ModelSpec } from './model-spec';
import { trainRunsSharded } from './runs-strategy';

/** How `gsn train` spreads its work (`--workers`, `--shard`, `--save` / `--save-every` / `--resume`). */
export interface Coordination {
  readonly workers: number;
  readonly shard: 'runs' | 'graph' | 'layers';
  /** Dataset name or folder: workers load it themselves. */
  readonly data: string;
  /** The model as data, for workers; undefined when the model cannot be named so (then workers > 1 is refused). */
  readonly spec?: ModelSpec;
  readonly backend?: BackendName;
  /** Checkpoints into `<dir>/checkpoint/` every `every` epochs; `resumeFrom` continues from a root's checkpoints. */
  readonly checkpoint?: { readonly dir: string; readonly every: number; readonly resumeFrom?: string };
  readonly faults: readonly FaultInjection[];
  /**
   * `graph` and `layers`: how long a serving worker waits at a barrier for its peers, i.e. how
   * soon a lost worker is noticed (ms, positive and finite; default 30 000, `SERVING_POOL_DEFAULTS`).
   */
  readonly barrierTimeoutMs?: number;
}

/** True when `trainRuns` on this thread does exactly what was asked (the default path). */
export function isPlainRun(c: Coordination): boolean {
  return c.workers === 1 && c.checkpoint === undefined && c.faults.length === 0;
}

/**
 * A drop-in for `trainRuns` (same arguments) that follows `c`: one thread with checkpoints;
 * the `runs` strategy over worker threads (each run checkpointed inside its worker when asked);
 * or the `graph` / `layers` strategies (the stationary network rebuilt from `c.spec` with its
 * layer solves row-sharded, or its penalised global solves layer-parallel, over the workers,
 * trained on this thread, checkpoints as on one thread; `model` is then replaced by that rebuild).
 */
export function coordinatedTrainRuns(c: Coordination) {
  return async <I>(
    model: Model<I>,
    task: NodeClassificationTask<I>,
    runs: readonly Run[],
    options: Partial<TrainOptions> = {},
    hooks: RunsHooks = {},
  ): Promise<TrainSummary> => {
    const onThisThread = <J>(m: Model<J>, t: NodeClassificationTask<J>): TrainSummary => {
      if (!c.checkpoint) return trainRuns(m, t, runs, options, hooks);
      const ck = c.checkpoint;
      const results = runs.map((run, i) => {
        hooks.onRunStart?.(i, runs.length);
        const result = trainSplitCheckpointed(m, t, run.split, run.seed, options, { dir: ck.dir, every: ck.every, resume: ck.resumeFrom !== undefined, resumeFrom: ck.resumeFrom }, hooks);
        hooks.onRun?.(result, i, runs.length);
        return result;
      });
      return summarize(results);
    };
    if (c.workers === 1) return onThisThread(model, task);
    if (c.shard === 'graph' || c.shard === 'layers') {
      // `model` was built by the caller on the same dataset; the rebuild takes its place.
      const withModel = c.shard === 'graph' ? withGraphShardedModel : withLayerShardedModel;
      const serving = { faults: c.faults, ...(c.barrierTimeoutMs === undefined ? {} : { barrierTimeoutMs: c.barrierTimeoutMs }) };
      return withModel(c.data, c.spec, c.workers, (sharded) => onThisThread(sharded, task as unknown as NodeClassificationTask<GraphInputs>), serving);
    }
    if (!c.spec) throw new InvalidArgumentError(`--workers ${c.workers}: model '${model.name}' cannot be rebuilt in a worker yet (stationary, gcn, mlp can)`);
    return trainRunsSharded(runs, {
      workers: c.workers,
      data: c.data,
      spec: c.spec,
      options,
      backend: c.backend,
      faults: c.faults,
      ...(c.checkpoint ? { checkpoint: c.checkpoint } : {}),
      onRun: (result, index, total) => {
        hooks.onRunStart?.(index, total);
        hooks.onRun?.(result, index, total);
      },
      onReplace: (id, err) => process.stderr.write(`worker ${id} lost (${err.message}); replaced, its run redone\n`),
    });
  };
}
