import type { GraphLearningOptions, RunResult } from '@gsn/train';

/**
 * The `--json` fields of graph learning: the options, and per run the face crossings over the
 * run (`removed`, `entered`) and the edges present at the kept epoch. The crossings per epoch
 * go to `--save DIR` (`saveLearnedGraphs`), not here: for 10 Cora runs they were ~100 KB of
 * what should be a one-line summary.
 */
export function graphEventsJson(options: GraphLearningOptions, runs: readonly RunResult[]) {
  return {
    learn_graph: options.mode,
    graph_options: { metric: options.metric, lr: options.lr, l1: options.l1, epsilon: options.epsilon, two_hop_per_node: options.twoHopPerNode, knn_per_node: options.knnPerNode },
    graph_events: runs.map((r) => ({
      split: r.split,
      kept_epoch: r.graph?.keptEpoch ?? null,
      layers: (r.graph?.layers ?? []).map((l) => ({
        layer: l.layer,
        candidates: l.src.length,
        present_initial: l.initial.filter((w) => w > 0).length,
        present_kept: l.final.filter((w) => w > 0).length,
        removed: l.removed,
        entered: l.entered,
      })),
    })),
    graph_removed_total: runs.reduce((s, r) => s + (r.graph?.layers ?? []).reduce((t, l) => t + l.removed, 0), 0),
    graph_entered_total: runs.reduce((s, r) => s + (r.graph?.layers ?? []).reduce((t, l) => t + l.entered, 0), 0),
  };
}
