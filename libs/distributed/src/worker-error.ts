import { WorkerError } from '@gsn/tensor';

/**
 * A worker that is gone: it crashed, was killed, exited or did not answer in time (and was then
 * stopped). The pool must `replace` it; its task can be redone from its inputs. An error thrown
 * by the task itself is a plain `WorkerError` instead, since redoing a deterministic task
 * would only repeat it.
 */
export class WorkerLostError extends WorkerError {}

/** 'worker 1 (shard graph:1)', or 'worker 1' when no shard is named. */
export function workerLabel(workerId: number, shard?: string): string {
  return shard === undefined ? `worker ${workerId}` : `worker ${workerId} (shard ${shard})`;
}
