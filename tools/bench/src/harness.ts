/**
 * Timing and reporting shared by the benchmarks: the median of repeated calls after warm-up,
 * and one JSON line per figure, so results can be collected with `grep '^{'` and compared.
 */

export interface TimingOptions {
  /** Untimed calls first (JIT, heap growth). */
  readonly warmup: number;
  /** Timed calls: at least minReps, then more until minTotalMs has passed, at most maxReps. */
  readonly minReps: number;
  readonly maxReps: number;
  readonly minTotalMs: number;
}

export const TIMING_DEFAULTS: TimingOptions = Object.freeze({ warmup: 3, minReps: 5, maxReps: 200, minTotalMs: 500 });

export interface Timing {
  /** Median milliseconds per call. */
  readonly ms: number;
  /** Fastest call, in milliseconds. */
  readonly minMs: number;
  readonly reps: number;
}

/** Times a synchronous call. */
export function timeMs(fn: () => void, options: Partial<TimingOptions> = {}): Timing {
  const o = { ...TIMING_DEFAULTS, ...options };
  for (let i = 0; i < o.warmup; i++) fn();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < o.maxReps && (times.length < o.minReps || performance.now() - start < o.minTotalMs)) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { ms: round(times[Math.floor(times.length / 2)]), minMs: round(times[0]), reps: times.length };
}

/** Rounds to three significant decimals for printing. */
export function round(x: number, digits = 3): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const scale = 10 ** Math.max(0, digits - Math.ceil(Math.log10(Math.abs(x))));
  return Math.round(x * scale) / scale;
}

/** Prints one figure as a JSON line, tagged with the benchmark's name. */
export function printFigure(bench: string, figure: Record<string, unknown>): void {
  console.log(JSON.stringify({ bench, ...figure }));
}
