import { accuracy, argmaxRows, crossEntropy, epochsToTarget, meanStd, median } from './metrics';
import { formatRun, progressReporter } from './progress';
import type { RunResult } from './train-split';
import { runsOverSplits, runsWithSeeds, summarize } from './train-runs';

const result = (testAcc: number, epochMs: number[], solverIterations: number[] = []): RunResult => ({
  split: '0', seed: 0, testAcc, valAcc: 0.5, bestEpoch: 1, epochs: epochMs.length, epochMs, solverIterations, unconvergedSteps: 1,
});

describe('metrics', () => {
  it('computes argmax, accuracy over a node subset, cross-entropy, mean/std and median', () => {
    const logits = [0, 2, 1, 5, 0, 0];
    expect(Array.from(argmaxRows(logits, 3))).toEqual([1, 0]);
    expect(accuracy([1, 0, 2], [1, 1, 2], [0, 1])).toBe(0.5);
    expect(crossEntropy([0, 0], 2, [1], [0])).toBeCloseTo(Math.log(2), 12);
    expect(meanStd([0.8, 0.9])).toEqual({ mean: expect.closeTo(0.85, 12), std: expect.closeTo(0.05, 12) });
    expect(median([3, 1, 2, 10])).toBe(2.5);
  });

  it('epochsToTarget: the first epoch at or below the target, with rounding slack, null if never', () => {
    expect(epochsToTarget([3, 2, 1, 0.5], 1)).toBe(3);
    expect(epochsToTarget([3, 2, 1.0000000001, 0.5], 1)).toBe(3);
    expect(epochsToTarget([3, 2], 1)).toBeNull();
    expect(epochsToTarget([-1, -2.5], -2)).toBe(2);
    expect(epochsToTarget([-1.9999], -2)).toBeNull();
  });
});

describe('runs and summaries', () => {
  it('gives split k seed + k, and planetoid runs consecutive seeds on one split', () => {
    const s = (name: string) => ({ name, train: [], val: [], test: [] });
    expect(runsOverSplits([s('0'), s('1')], 7).map((r) => [r.split.name, r.seed])).toEqual([['0', 7], ['1', 8]]);
    expect(runsWithSeeds(s('planetoid'), 3, 2).map((r) => r.seed)).toEqual([2, 3, 4]);
  });

  it('summarises accuracies, the median epoch time over all epochs and solver iterations', () => {
    const s = summarize([result(0.8, [1, 2, 3], [4, 6]), result(1, [10], [8])]);
    expect(s.testAccMean).toBeCloseTo(0.9, 12);
    expect(s.testAccStd).toBeCloseTo(0.1, 12);
    expect(s.epochMsMedian).toBe(2.5);
    expect(s.solverItersMean).toBe(6);
    expect(s.unconvergedSteps).toBe(2);
    expect(summarize([result(0.5, [1])]).solverItersMean).toBeNull();
  });
});

describe('progressReporter', () => {
  const epoch = { split: '0', epoch: 3, maxEpochs: 10, loss: 0.5, valAcc: 0.5, bestValAcc: 0.6, ms: 1 };

  it('writes only plain run lines when the sink is not a terminal', () => {
    const out: string[] = [];
    const p = progressReporter({ isTTY: false, write: (t) => out.push(t) });
    p.epoch(epoch);
    p.run(result(0.75, [2]));
    expect(out).toEqual([`${formatRun(result(0.75, [2]))}\n`]);
    expect(out[0]).toMatch(/test 75\.00/);
  });

  it('draws a bar in place on a terminal and clears it before the run line', () => {
    const out: string[] = [];
    const p = progressReporter({ isTTY: true, write: (t) => out.push(t) });
    p.startRun(1, 4);
    p.epoch(epoch);
    p.run(result(0.75, [2]));
    expect(out[0]).toMatch(/^\r.*run 2\/4 \[#+\.+\] epoch 3\/10/);
    expect(out[1]).toBe('\r\x1b[2K');
    expect(out[2]).toMatch(/test 75\.00/);
  });
});

