import type * as Comlink from 'comlink';
import { InvalidArgumentError } from '@gsn/tensor';
import type { CallOptions, WorkerPool } from './pool';
import { WorkerLostError } from './worker-error';

export interface RetryOptions {
  /** How many times a lost worker is replaced and the task redone before giving up. */
  readonly retries: number;
  /** Called after each replacement (logging, progress). */
  readonly onReplace?: (workerId: number, error: WorkerLostError) => void;
}

export const RETRY_DEFAULTS: Readonly<RetryOptions> = Object.freeze({ retries: 2 });

/**
 * Runs `task` on one worker; if the worker is lost (crash, kill, hang) it is replaced and the
 * task redone on the fresh worker from the same inputs, so a deterministic task returns what an
 * undisturbed run would. Errors thrown by the task itself are not retried.
 */
export async function runWithRetry<Api, R>(
  pool: WorkerPool<Api>,
  workerId: number,
  task: (remote: Comlink.Remote<Api>) => Promise<R>,
  options: Partial<RetryOptions> & CallOptions = {},
): Promise<R> {
  const o = { ...RETRY_DEFAULTS, ...options };
  if (!Number.isInteger(o.retries) || o.retries < 0) {
    throw new InvalidArgumentError(`retries: ${o.retries} is not a non-negative integer`);
  }
  for (let attempt = 0; ; attempt++) {
    try {
      return await pool.run(workerId, task, o);
    } catch (err) {
      if (!(err instanceof WorkerLostError) || attempt >= o.retries) throw err;
      await pool.replace(workerId);
      o.onReplace?.(workerId, err);
    }
  }
}

/**
 * Runs independent tasks (the `runs` strategy: splits, seeds, hyper-parameter settings) over the
 * pool, each worker taking the next task when it finishes one, and returns the results in task
 * order. A task whose worker is lost is redone on the replacement (see `runWithRetry`).
 */
export async function runTasks<Api, T, R>(
  pool: WorkerPool<Api>,
  tasks: readonly T[],
  task: (remote: Comlink.Remote<Api>, item: T, index: number) => Promise<R>,
  options: Partial<RetryOptions> & { readonly timeoutMs?: number; readonly shard?: (index: number) => string } = {},
): Promise<R[]> {
  const results = new Array<R>(tasks.length);
  let next = 0;
  let failed = false;
  const drain = async (workerId: number): Promise<void> => {
    while (next < tasks.length && !failed) {
      const index = next++;
      try {
        results[index] = await runWithRetry(pool, workerId, (remote) => task(remote, tasks[index], index), {
          ...options,
          shard: options.shard ? options.shard(index) : `runs:${index}`,
        });
      } catch (err) {
        failed = true; // the other workers finish their current task and take no new one
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(pool.size, tasks.length) }, (_, id) => drain(id)));
  return results;
}
