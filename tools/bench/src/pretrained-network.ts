import { type WeightedGraph } from '@gsn/graph';
import type { GraphInputs, Params } from '@gsn/nn';
import { mapParams } from '@gsn/optim';
import { graphLearning, isEdgeWeightParam, stationaryNetwork, trainSplit, type NodeClassificationTask, type Split } from '@gsn/train';

/**
 * The stationary network's parameters after `epochs` epochs on the input graph (`off`),
 * cloned; the caller disposes them. The moduli benches start from it to look at the edge
 * weights alone, with a network that already fits the input graph.
 */
export function pretrainedNetwork(graph: WeightedGraph, task: NodeClassificationTask<GraphInputs>, split: Split, seed: number, epochs: number): Params {
  const learning = graphLearning(graph, { mode: 'off' });
  let trained: Params = {};
  trainSplit(learning.model((g) => stationaryNetwork(g)), task, split, seed, { epochs, patience: epochs }, {
    graph: learning.hooks(),
    resumable: {
      start: (fresh) => fresh,
      afterEpoch(state) {
        if (state.progress.epoch === epochs) trained = mapParams(state.params, (t) => t.clone());
        return true;
      },
    },
  });
  return trained;
}

/**
 * `fresh` (a run's initial parameters) with `network`'s parameters, cloned, in place of all but
 * the edge weights, whose fresh values (the input edges' initial weights on the candidate set)
 * stay. The replaced tensors of `fresh` are disposed; `network` is left to the caller.
 */
export function onPretrainedNetwork(fresh: Params, network: Params): Params {
  return mapParams(fresh, (t, name) => {
    if (isEdgeWeightParam(name)) return t;
    t.dispose();
    return network[name].clone();
  });
}
