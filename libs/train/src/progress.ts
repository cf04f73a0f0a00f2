import type { EpochInfo, RunResult } from './train-split';
import { median } from './metrics';

/** Where progress goes: a stream and whether it is a terminal. */
export interface ProgressSink {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

const pct = (x: number) => (100 * x).toFixed(2);

/** One line per finished run: `split 3  test 87.12  val 88.01  best epoch 112/212  2.31 ms/epoch`. */
export function formatRun(r: RunResult): string {
  const ms = median(r.epochMs);
  const iters = r.solverIterations.length
    ? `  ${(r.solverIterations.reduce((s, x) => s + x, 0) / r.solverIterations.length).toFixed(1)} solver iters`
    : '';
  const unconverged = r.unconvergedSteps ? ` (${r.unconvergedSteps} epochs unconverged)` : '';
  return `split ${r.split}  seed ${r.seed}  test ${pct(r.testAcc)}  val ${pct(r.valAcc)}  best epoch ${r.bestEpoch}/${r.epochs}  ${ms.toFixed(2)} ms/epoch${iters}${unconverged}`;
}

/**
 * Progress of a series of runs: on a terminal a bar redrawn in place (at most every 100 ms)
 * and replaced by each run's line; elsewhere only the plain run lines, so logs stay readable.
 */
export function progressReporter(sink: ProgressSink, label = '') {
  let lastDraw = 0;
  let drawn = false;
  let runIndex = 0;
  let runTotal = 1;
  const clear = () => {
    if (drawn) sink.write('\r\x1b[2K');
    drawn = false;
  };
  return {
    startRun(index: number, total: number) {
      runIndex = index;
      runTotal = total;
    },
    epoch(info: EpochInfo) {
      if (!sink.isTTY) return;
      const now = Date.now();
      if (now - lastDraw < 100 && info.epoch < info.maxEpochs) return;
      lastDraw = now;
      const width = 24;
      const filled = Math.round((width * info.epoch) / info.maxEpochs);
      const bar = '#'.repeat(filled) + '.'.repeat(width - filled);
      sink.write(
        `\r\x1b[2K${label}run ${runIndex + 1}/${runTotal} [${bar}] epoch ${info.epoch}/${info.maxEpochs}` +
          `  loss ${info.loss.toFixed(4)}  val ${pct(info.valAcc)} (best ${pct(info.bestValAcc)})  ${info.ms.toFixed(1)} ms`,
      );
      drawn = true;
    },
    run(result: RunResult) {
      clear();
      sink.write(`${label}${formatRun(result)}\n`);
    },
  };
}
