import { createPool, detectGpus, workerFileBeside, gpuWorkerEnv, runTasks, type FaultInjection, type WorkerLostError } from '@gsn/distributed';
import type { BackendName } from '@gsn/tensor';
import { summarize, type Run, type RunResult, type TrainOptions, type TrainSummary } from '@gsn/train';
import type { ModelSpec } from './model-spec';
import type { RunsWorkerApi, RunTask } from './runs-worker';

export const RUNS_WORKER_FILE = workerFileBeside(__filename, 'runs-worker');

export interface ShardedRunsOptions {
  /** Worker threads (each trains whole runs with its own tfjs backend). */
  readonly workers: number;
  /** Dataset name or folder, loaded once per worker. */
  readonly data: string;
  readonly spec: ModelSpec;
  readonly options: Partial<TrainOptions>;
  readonly backend?: BackendName;
  /** How long one run may take before its worker counts as hung (ms). */
  readonly runTimeoutMs: number;
  /** Replacements per run before giving up. */
  readonly retries: number;
  /** Deliberate failures (tests; `GSN_FAULT`); none by default. */
  readonly faults: readonly FaultInjection[];
  /** Each run checkpointed inside its worker (see `trainSplitCheckpointed`). */
  readonly checkpoint?: RunTask['checkpoint'];
  /** Extra environment per worker; default with backend `tensorflow`: one GPU per worker (`CUDA_VISIBLE_DEVICES`), when any is detected. */
  readonly env?: (workerId: number) => Readonly<Record<string, string>>;
  readonly onRun?: (result: RunResult, index: number, total: number) => void;
  readonly onReplace?: (workerId: number, error: WorkerLostError) => void;
}

export const SHARDED_RUNS_DEFAULTS = Object.freeze({ runTimeoutMs: 30 * 60_000, retries: 2, faults: Object.freeze([]) as readonly FaultInjection[] });

/**
 * The `runs` strategy: runs (split × seed) spread over `workers` threads, each worker taking
 * the next run when it finishes one. A run is deterministic given its seed (same backend, same
 * data), so the summary equals `trainRuns`' on one thread; a run whose worker crashes or hangs
 * is redone from scratch on a replacement (its last consistent state is its start).
 */
export async function trainRunsSharded(
  runs: readonly Run[],
  options: Partial<ShardedRunsOptions> & Pick<ShardedRunsOptions, 'workers' | 'data' | 'spec'>,
): Promise<TrainSummary> {
  const o = { ...SHARDED_RUNS_DEFAULTS, options: {}, ...options };
  const pool = createPool<RunsWorkerApi>({
    size: Math.min(o.workers, runs.length),
    workerFile: RUNS_WORKER_FILE,
    timeoutMs: o.runTimeoutMs,
    faults: o.faults,
    ...(o.env ? { env: o.env } : o.backend === 'tensorflow' ? { env: gpuWorkerEnv(detectGpus()) } : {}),
  });
  // a run redone after its worker was lost continues from its own last checkpoint, if any
  const attempts = new Map<number, number>();
  const checkpointOf = (index: number): RunTask['checkpoint'] => {
    const attempt = attempts.get(index) ?? 0;
    attempts.set(index, attempt + 1);
    return o.checkpoint && attempt > 0 ? { ...o.checkpoint, resumeFrom: o.checkpoint.dir } : o.checkpoint;
  };
  try {
    const results = await runTasks(
      pool,
      runs,
      async (remote, run, index) => {
        const result = await remote.trainRun({ data: o.data, spec: o.spec, split: run.split.name, seed: run.seed, options: o.options, backend: o.backend, checkpoint: checkpointOf(index) });
        o.onRun?.(result, index, runs.length);
        return result;
      },
      { retries: o.retries, timeoutMs: o.runTimeoutMs, shard: (i) => `runs:${runs[i].split.name}/seed ${runs[i].seed}`, ...(o.onReplace ? { onReplace: o.onReplace } : {}) },
    );
    return summarize(results);
  } finally {
    await pool.terminate();
  }
}
