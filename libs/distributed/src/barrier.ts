import { GsnError, InvalidArgumentError } from '@gsn/tensor';

/** Slots of a barrier's Int32Array. */
const ARRIVED = 0;
const GENERATION = 1;
const ABORTED = 2;
const SLOTS = 3;

/**
 * A reusable barrier for `parties` threads on a shared Int32Array with `Atomics.wait/notify`,
 * so the threads of a sharded solve synchronise every iteration without a message round trip.
 * The last thread to arrive resets the count and bumps the generation, waking the others.
 * `abort` (from any thread, e.g. the main thread after a worker crashed) wakes every waiter
 * with an error instead of leaving it blocked forever.
 */
export interface BarrierHandle {
  readonly state: Int32Array;
  readonly parties: number;
}

export function createBarrier(parties: number): BarrierHandle {
  if (!Number.isInteger(parties) || parties < 1) {
    throw new InvalidArgumentError(`createBarrier: parties ${parties} is not a positive integer`);
  }
  return { state: new Int32Array(new SharedArrayBuffer(SLOTS * 4)), parties };
}

/**
 * How long `arriveAndWait` waits by default: a thread blocked at a barrier learns of a lost peer
 * only when this passes, so it bounds how late a loss is noticed.
 */
export const BARRIER_TIMEOUT_MS = 30_000;

/** Thrown in a thread waiting at an aborted (or timed-out) barrier. */
export class BarrierAbortedError extends GsnError {}

/**
 * Blocks until all parties have arrived. Spins for up to `spinMs` first: a thread that sleeps
 * in `Atomics.wait` gives its core away and, on a busy machine, may wait a whole scheduler
 * slice to get it back, which a bulk-synchronous iteration pays at every barrier. Then sleeps.
 * Throws `BarrierAbortedError` when the barrier is aborted or `timeoutMs` passes.
 */
export function arriveAndWait(b: BarrierHandle, timeoutMs = BARRIER_TIMEOUT_MS, spinMs = 0.5): void {
  const s = b.state;
  if (Atomics.load(s, ABORTED) !== 0) throw new BarrierAbortedError('barrier aborted');
  const generation = Atomics.load(s, GENERATION);
  if (Atomics.add(s, ARRIVED, 1) === b.parties - 1) {
    Atomics.store(s, ARRIVED, 0);
    Atomics.add(s, GENERATION, 1);
    Atomics.notify(s, GENERATION);
    return;
  }
  if (spinMs > 0) {
    const spinEnd = performance.now() + spinMs;
    for (let i = 1; ; i++) {
      if (Atomics.load(s, GENERATION) !== generation) return;
      if ((i & 255) === 0 && performance.now() > spinEnd) break;
    }
  }
  const deadline = Date.now() + timeoutMs;
  while (Atomics.load(s, GENERATION) === generation) {
    if (Atomics.load(s, ABORTED) !== 0) throw new BarrierAbortedError('barrier aborted');
    const left = deadline - Date.now();
    if (left <= 0) throw new BarrierAbortedError(`barrier: not all ${b.parties} parties arrived within ${timeoutMs} ms`);
    Atomics.wait(s, GENERATION, generation, Math.min(left, 1000));
  }
}

/** Wakes every waiter with `BarrierAbortedError`; later arrivals throw too until `resetBarrier`. */
export function abortBarrier(b: BarrierHandle): void {
  Atomics.store(b.state, ABORTED, 1);
  Atomics.add(b.state, GENERATION, 0);
  Atomics.notify(b.state, GENERATION);
}

/** Makes an aborted barrier usable again; only call it when no thread is waiting on it. */
export function resetBarrier(b: BarrierHandle): void {
  Atomics.store(b.state, ARRIVED, 0);
  Atomics.store(b.state, ABORTED, 0);
}
