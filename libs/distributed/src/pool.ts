import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/umd/node-adapter';
import { InvalidArgumentError, WorkerError } from '@gsn/tensor';
import { PING, type WorkerContext } from './expose-worker';
import { validateFaults, type FaultInjection } from './fault-injection';
import { WorkerLostError, workerLabel } from './worker-error';

export interface PoolOptions {
  /** Number of worker threads. */
  readonly size: number;
  /** Absolute path of the worker file (`.ts` or `.js`); it ends with `exposeWorker(api)`. */
  readonly workerFile: string;
  /** Default time a call may take before its worker counts as hung, in milliseconds. */
  readonly timeoutMs: number;
  /** Time a new worker may take to load its file and answer (`ready`, `replace`), in milliseconds. */
  readonly startTimeoutMs: number;
  /** Extra environment per worker (e.g. `gpuWorkerEnv`), merged over the parent's. */
  readonly env?: (workerId: number) => Readonly<Record<string, string>>;
  /** Shard label per worker used in error messages when a call names none ('graph:1'). */
  readonly shardOf?: (workerId: number) => string;
  /** Deliberate failures for tests; none by default. */
  readonly faults: readonly FaultInjection[];
}

export const POOL_DEFAULTS: Readonly<Pick<PoolOptions, 'timeoutMs' | 'startTimeoutMs' | 'faults'>> = Object.freeze({
  timeoutMs: 30_000,
  startTimeoutMs: 60_000,
  faults: Object.freeze([]) as readonly FaultInjection[],
});

export interface CallOptions {
  /** Overrides the pool's timeout for this call. */
  readonly timeoutMs?: number;
  /** Names the shard in error messages ('graph:1'). */
  readonly shard?: string;
}

type Method = (...args: never[]) => unknown;
/** Names of the methods of a worker API. */
export type MethodOf<Api> = { [K in keyof Api]: Api[K] extends Method ? K : never }[keyof Api];
type Result<F> = F extends (...args: never[]) => infer R ? Awaited<R> : never;
type Args<F> = F extends (...args: infer A) => unknown ? A : never;

/**
 * A fixed-size set of worker threads serving the API `Api` over comlink. Every call is raced
 * against the worker's death ('error' / 'exit') and a timeout, so a crashed, killed or hung
 * worker surfaces as a `WorkerLostError` naming the worker and its shard instead of a
 * promise that never settles.
 */
export interface WorkerPool<Api> {
  readonly size: number;
  /** Default call timeout, in milliseconds. */
  readonly timeoutMs: number;
  /** Calls `method` on one worker. */
  call<K extends MethodOf<Api>>(
    workerId: number,
    method: K,
    args: Args<Api[K]>,
    options?: CallOptions,
  ): Promise<Result<Api[K]>>;
  /** Runs `task` against one worker's remote API under the same crash and timeout watch. */
  run<R>(workerId: number, task: (remote: Comlink.Remote<Api>) => Promise<R>, options?: CallOptions): Promise<R>;
  /** Resolves once every worker has loaded its file and answers (within `startTimeoutMs`). */
  ready(options?: CallOptions): Promise<void>;
  /** Whether the worker is running (not crashed, timed out or terminated). */
  isAlive(workerId: number): boolean;
  /** Stops the worker (if still running), starts a fresh one in its place and waits until it answers. */
  replace(workerId: number): Promise<void>;
  /**
   * `replace` for a caller that cannot wait (a thread blocked in a served solve): stops the
   * worker and starts a fresh one at once, without waiting until it answers. Calls made right
   * after are queued by the new thread and answered once it has loaded its file.
   */
  respawn(workerId: number): void;
  /** Stops every worker; pending calls reject. */
  terminate(): Promise<void>;
}

interface Slot<Api> {
  readonly worker: Worker;
  readonly remote: Comlink.Remote<Api>;
  readonly incarnation: number;
  /** Called with the reason (a sentence) when the worker is gone: one per pending call. */
  readonly pending: Set<(reason: string) => void>;
  alive: boolean;
  stopping: boolean;
}

const BOOTSTRAP = path.join(__dirname, 'worker-bootstrap.js');

/** Starts `size` workers running `workerFile`. See `WorkerPool`. */
export function createPool<Api>(options: Partial<PoolOptions> & Pick<PoolOptions, 'size' | 'workerFile'>): WorkerPool<Api> {
  const o: PoolOptions = { ...POOL_DEFAULTS, ...options };
  validatePoolOptions(o);
  const slots: Slot<Api>[] = [];
  let terminated = false;

  const start = (workerId: number, incarnation: number): Slot<Api> => {
    const fault = incarnation === 0 ? o.faults.find((f) => f.workerId === workerId) : undefined;
    const data: WorkerContext = { gsnWorkerFile: o.workerFile, workerId, incarnation, ...(fault ? { fault } : {}) };
    const worker = new Worker(BOOTSTRAP, {
      workerData: data,
      env: o.env ? { ...process.env, ...o.env(workerId) } : process.env,
    });
    const slot: Slot<Api> = {
      worker,
      remote: Comlink.wrap<Api>(nodeEndpoint(worker as never)),
      incarnation,
      pending: new Set(),
      alive: true,
      stopping: false,
    };
    const markLost = (reason: string): void => {
      for (const reject of slot.pending) reject(reason);
      slot.pending.clear();
    };
    worker.on('error', (err) => {
      slot.alive = false;
      markLost(`crashed: ${err instanceof Error ? err.message : String(err)}`);
    });
    worker.on('exit', (code) => {
      slot.alive = false;
      markLost(slot.stopping ? 'was stopped' : `exited with code ${code}`);
    });
    return slot;
  };

  const stop = async (slot: Slot<Api>): Promise<void> => {
    slot.stopping = true;
    slot.alive = false;
    await slot.worker.terminate();
  };

  const shardOf = (workerId: number, call?: CallOptions): string | undefined => call?.shard ?? o.shardOf?.(workerId);

  const run = async <R>(
    workerId: number,
    task: (remote: Comlink.Remote<Api>) => Promise<R>,
    call?: CallOptions,
  ): Promise<R> => {
    if (!Number.isInteger(workerId) || workerId < 0 || workerId >= o.size) {
      throw new InvalidArgumentError(`workerId: ${workerId} is not a worker of a pool of ${o.size}`);
    }
    const slot = slots[workerId];
    const shard = shardOf(workerId, call);
    const label = workerLabel(workerId, shard);
    if (terminated) throw new WorkerLostError(`${label}: the pool was terminated`, workerId, shard);
    if (!slot.alive) throw new WorkerLostError(`${label} is not running; replace it first`, workerId, shard);
    const timeoutMs = call?.timeoutMs ?? o.timeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new WorkerLostError(`${label} did not answer within ${timeoutMs} ms`, workerId, shard));
        if (slot.alive) void stop(slot);
      }, timeoutMs);
    });
    let onLost: (reason: string) => void = () => undefined;
    const lost = new Promise<never>((_, reject) => {
      onLost = (reason) => reject(new WorkerLostError(`${label} ${reason}`, workerId, shard));
    });
    slot.pending.add(onLost);
    const answer = task(slot.remote).catch((err: unknown) => {
      if (!slot.alive) return lost;
      const e = err instanceof Error ? err : new Error(String(err));
      throw Object.assign(new WorkerError(`${label} failed: ${e.name}: ${e.message}`, workerId, shard), { cause: e });
    });
    try {
      return await Promise.race([answer, lost, timeout]);
    } finally {
      clearTimeout(timer);
      slot.pending.delete(onLost);
    }
  };

  const ping = (workerId: number, call?: CallOptions): Promise<number> =>
    run(workerId, (remote) => (remote as unknown as Record<string, () => Promise<number>>)[PING](), {
      timeoutMs: o.startTimeoutMs,
      ...call,
    });

  /** Starts the worker's next incarnation in its slot; resolves once the old thread has stopped. */
  const restart = (workerId: number): Promise<void> => {
    if (terminated) throw new WorkerLostError(`${workerLabel(workerId)}: the pool was terminated`, workerId);
    const old = slots[workerId];
    if (!old) throw new InvalidArgumentError(`workerId: ${workerId} is not a worker of a pool of ${o.size}`);
    const stopped = stop(old);
    slots[workerId] = start(workerId, old.incarnation + 1);
    return stopped;
  };

  for (let id = 0; id < o.size; id++) slots.push(start(id, 0));

  return {
    size: o.size,
    timeoutMs: o.timeoutMs,
    call: (workerId, method, args, call) =>
      run(
        workerId,
        (remote) => (remote as unknown as Record<PropertyKey, (...a: unknown[]) => Promise<never>>)[method](...args),
        call,
      ),
    run,
    async ready(call) {
      await Promise.all(slots.map((_, id) => ping(id, call)));
    },
    isAlive: (workerId) => slots[workerId]?.alive ?? false,
    async replace(workerId) {
      await restart(workerId);
      await ping(workerId);
    },
    respawn(workerId) {
      void restart(workerId);
    },
    async terminate() {
      terminated = true;
      await Promise.all(slots.map(stop));
    },
  };
}

function validatePoolOptions(o: PoolOptions): void {
  if (!Number.isInteger(o.size) || o.size < 1) throw new InvalidArgumentError(`size: ${o.size} is not a positive integer`);
  if (typeof o.workerFile !== 'string' || !path.isAbsolute(o.workerFile)) {
    throw new InvalidArgumentError(`workerFile: '${String(o.workerFile)}' is not an absolute path`);
  }
  if (!(o.timeoutMs > 0)) throw new InvalidArgumentError(`timeoutMs: ${o.timeoutMs} is not positive`);
  if (!(o.startTimeoutMs > 0)) throw new InvalidArgumentError(`startTimeoutMs: ${o.startTimeoutMs} is not positive`);
  validateFaults(o.faults, o.size);
}
