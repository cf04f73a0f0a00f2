import type { Model } from '@gsn/nn';
import { meanStd, median } from './metrics';
import type { TrainOptions } from './options';
import { trainOptions } from './options';
import type { NodeClassificationTask, Split } from './task';
import type { RunResult, TrainHooks } from './train-split';
import { trainSplit } from './train-split';

/** One training run: a split and the seed of its initialisation and dropout. */
export interface Run {
  readonly split: Split;
  readonly seed: number;
}

/** peer.py's runs over several splits: split k with seed `seed + k`. */
export function runsOverSplits(splits: readonly Split[], seed: number): Run[] {
  return splits.map((split, k) => ({ split, seed: seed + k }));
}

/** peer.py's runs on one split (the planetoid split): `count` seeds `seed, seed + 1, …`. */
export function runsWithSeeds(split: Split, count: number, seed: number): Run[] {
  return Array.from({ length: count }, (_, r) => ({ split, seed: seed + r }));
}

/** Aggregates of several runs. Accuracies are fractions. */
export interface TrainSummary {
  readonly runs: readonly RunResult[];
  readonly testAccMean: number;
  /** Population standard deviation over runs (numpy `std`, as peer.py). */
  readonly testAccStd: number;
  /** Median over every training epoch of every run. */
  readonly epochMsMedian: number;
  /** Mean forward solver iterations per training epoch; null when the model reports none. */
  readonly solverItersMean: number | null;
  /** Training epochs, over all runs, whose forward solve stopped short of its tolerance. */
  readonly unconvergedSteps: number;
}

export function summarize(runs: readonly RunResult[]): TrainSummary {
  const { mean, std } = meanStd(runs.map((r) => r.testAcc));
  const iterations = runs.flatMap((r) => r.solverIterations);
  return {
    runs,
    testAccMean: mean,
    testAccStd: std,
    epochMsMedian: median(runs.flatMap((r) => r.epochMs)),
    solverItersMean: iterations.length ? iterations.reduce((s, x) => s + x, 0) / iterations.length : null,
    unconvergedSteps: runs.reduce((s, r) => s + r.unconvergedSteps, 0),
  };
}

export interface RunsHooks extends TrainHooks {
  readonly onRunStart?: (index: number, total: number) => void;
  readonly onRun?: (result: RunResult, index: number, total: number) => void;
}

/** Trains one fresh model per run, in order, and summarises. */
export function trainRuns<I>(
  model: Model<I>,
  task: NodeClassificationTask<I>,
  runs: readonly Run[],
  options: Partial<TrainOptions> = {},
  hooks: RunsHooks = {},
): TrainSummary {
  const o = trainOptions(options);
  const results = runs.map((run, i) => {
    hooks.onRunStart?.(i, runs.length);
    const result = trainSplit(model, task, run.split, run.seed, o, hooks);
    hooks.onRun?.(result, i, runs.length);
    return result;
  });
  return summarize(results);
}
