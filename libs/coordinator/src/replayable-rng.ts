import type { Rng } from '@gsn/tensor';
import { createRng } from '@gsn/tensor';

type Draw = 'next' | 'normal' | 'int' | 'fork';
/** Draws made so far, run-length encoded: [[kind, count], …]. */
export type RngLog = [Draw, number][];

/**
 * `createRng(seed)` that remembers which draws it made, so that a checkpoint can store its
 * position (the generator's state is private) and a resume can replay the same draws.
 * `int(n)` and `fork()` consume one `next()` whatever their argument, so the kind suffices.
 */
export function replayableRng(seed: number, log: RngLog = []): { rng: Rng; log: () => RngLog } {
  const inner = createRng(seed);
  for (const [kind, count] of log) {
    for (let i = 0; i < count; i++) {
      if (kind === 'int') inner.int(1);
      else inner[kind]();
    }
  }
  const record: RngLog = log.map(([k, c]) => [k, c]);
  const note = (kind: Draw) => {
    const tail = record[record.length - 1];
    if (tail && tail[0] === kind) tail[1]++;
    else record.push([kind, 1]);
  };
  const rng: Rng = {
    next: () => (note('next'), inner.next()),
    normal: () => (note('normal'), inner.normal()),
    int: (n) => (note('int'), inner.int(n)),
    fork: () => (note('fork'), inner.fork()),
  };
  return { rng, log: () => record.map(([k, c]) => [k, c]) };
}
