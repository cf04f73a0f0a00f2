import { parentPort, workerData } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/umd/node-adapter';
import { GsnError } from '@gsn/tensor';
import type { FaultInjection } from './fault-injection';

/** What the pool passes to each worker thread (read through `workerContext()`). */
export interface WorkerContext {
  readonly gsnWorkerFile: string;
  readonly workerId: number;
  /** 0 for the first thread of this id, then 1, 2, ... after each `replace`. */
  readonly incarnation: number;
  readonly fault?: FaultInjection;
}

/** The pool's data for this worker thread; throws outside a pool worker. */
export function workerContext(): WorkerContext {
  if (!parentPort || !workerData || typeof workerData.gsnWorkerFile !== 'string') {
    throw new GsnError('workerContext: not running inside a @gsn/distributed pool worker');
  }
  return workerData as WorkerContext;
}

/** Method name of the liveness probe every exposed API answers (used by `pool.ready`). */
export const PING = '__gsnPing';

/**
 * Serves `api` to the pool over comlink (worker side; call once at the end of a worker file).
 * Each method call is counted so that an injected fault (tests only) fires on the chosen call.
 */
export function exposeWorker<Api extends object>(api: Api): void {
  const context = workerContext();
  const fault = context.incarnation === 0 ? context.fault : undefined;
  let calls = 0;
  const wrapped: Record<string, unknown> = { [PING]: () => context.workerId };
  for (const [name, member] of Object.entries(api)) {
    if (typeof member !== 'function') continue;
    wrapped[name] = (...args: unknown[]) => {
      if (fault && (fault.method === undefined || fault.method === name)) {
        calls++;
        if (calls === fault.atCall) {
          if (fault.mode === 'exit') process.exit(1);
          return new Promise(() => undefined);
        }
      }
      return (member as (...a: unknown[]) => unknown).apply(api, args);
    };
  }
  Comlink.expose(wrapped, nodeEndpoint(parentPort!));
}
