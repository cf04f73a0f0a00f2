import { isMainThread, workerData } from 'node:worker_threads';
import { InvalidArgumentError } from '@gsn/tensor';
import type { WorkerContext } from './expose-worker';

/**
 * A deliberate failure of one worker, for tests of crash and hang handling (off unless given).
 * The worker `workerId` fails on its `atCall`-th call (1-based, counting every call of the
 * exposed API, or only calls of `method` when given): `exit` ends the thread with code 1 as a
 * crash or a kill would, `hang` never answers. Only a worker's first incarnation fails: the
 * replacement started by `replace` runs normally, so a retried task finishes.
 * `method: SERVED_SOLVE` counts the whole solves a serving worker runs (`servedForward`,
 * `servedAdjoint`), which all happen inside one long `serve` call: the worker then fails
 * in the middle of training (`hang`: its thread blocks for good).
 */
export interface FaultInjection {
  readonly workerId: number;
  readonly atCall: number;
  readonly mode: 'exit' | 'hang';
  readonly method?: string;
}

export function validateFaults(faults: readonly FaultInjection[], poolSize: number): void {
  faults.forEach((f, i) => {
    if (!Number.isInteger(f.workerId) || f.workerId < 0 || f.workerId >= poolSize) {
      throw new InvalidArgumentError(`faults[${i}].workerId: ${f.workerId} is not a worker of a pool of ${poolSize}`);
    }
    if (!Number.isInteger(f.atCall) || f.atCall < 1) {
      throw new InvalidArgumentError(`faults[${i}].atCall: ${f.atCall} is not a positive integer`);
    }
    if (f.mode !== 'exit' && f.mode !== 'hang') {
      throw new InvalidArgumentError(`faults[${i}].mode: '${String(f.mode)}' is neither 'exit' nor 'hang'`);
    }
  });
}

/** `FaultInjection.method` that counts a serving worker's served solves (see `injectServedSolveFault`). */
export const SERVED_SOLVE = 'servedSolve';

let servedSolves = 0;

/** Worker side: fires this worker's `SERVED_SOLVE` fault when the current solve is its `atCall`-th. */
export function injectServedSolveFault(): void {
  if (isMainThread) return;
  const context = workerData as Partial<WorkerContext> | undefined;
  const fault = context?.incarnation === 0 ? context.fault : undefined;
  if (fault?.method !== SERVED_SOLVE || ++servedSolves !== fault.atCall) return;
  if (fault.mode === 'exit') process.exit(1);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}
