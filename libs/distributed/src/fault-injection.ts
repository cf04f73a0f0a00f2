import { InvalidArgumentError } from '@gsn/tensor';

/**
 * A deliberate failure of one worker, for tests of crash and hang handling (off unless given).
 * The worker `workerId` fails on its `atCall`-th call (1-based, counting every call of the
 * exposed API, or only calls of `method` when given): `exit` ends the thread with code 1 as a
 * crash or a kill would, `hang` never answers. Only a worker's first incarnation fails: the
 * replacement started by `replace` runs normally, so a retried task finishes.
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
