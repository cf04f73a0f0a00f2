import type { WeightedGraph } from '@gsn/graph';
import type { GraphInputs, Model } from '@gsn/nn';
import { gcn, mlp } from '@gsn/nn';
import {
  balancePenalty,
  graphLearning,
  STATIONARY_NETWORK_DEFAULTS,
  stationaryNetwork,
  type GraphLearningOptions,
  type TrainHooks,
} from '@gsn/train';

/**
 * A model named by data, so that it can cross into a worker thread (a `Model` holds closures
 * and cannot): each worker rebuilds the same model, and the same training hooks, from it.
 */
export interface ModelSpec {
  readonly model: 'stationary' | 'gcn' | 'mlp';
  readonly layers?: number;
  readonly channels?: number;
  /** Relative tolerance of the stationary solves (STATIONARY_NETWORK_DEFAULTS.tol when absent). */
  readonly tol?: number;
  /** Graph learning (`--learn-graph` ...), as `gsn train` wires it. */
  readonly graph?: Partial<GraphLearningOptions>;
  /** λ of the norm-balancing penalty (`--balance`). */
  readonly balance?: number;
}

/** The model a spec names, with the protocol's defaults (as `gsn train` builds it), on `graph`. */
export function modelFromSpec(spec: ModelSpec, graph: WeightedGraph): Model<GraphInputs> {
  switch (spec.model) {
    case 'gcn':
      return gcn();
    case 'mlp':
      return mlp();
    case 'stationary':
      return stationaryNetwork(graph, {
        ...(spec.layers === undefined ? {} : { layers: spec.layers }),
        ...(spec.channels === undefined ? {} : { channels: spec.channels }),
        ...(spec.tol === undefined ? {} : { tol: spec.tol }),
      });
  }
}

/** Model and hooks of one run, as `gsn train` builds them (graph learning wraps the model). */
export function runSetupFromSpec(spec: ModelSpec, graph: WeightedGraph): { model: Model<GraphInputs>; hooks: TrainHooks } {
  const learning = spec.graph ? graphLearning(graph, spec.graph) : undefined;
  const model = learning ? learning.model((g) => modelFromSpec(spec, g)) : modelFromSpec(spec, graph);
  const hooks: TrainHooks = {
    ...(learning ? { graph: learning.hooks() } : {}),
    ...(spec.balance === undefined ? {} : { penalty: balancePenalty(spec.model, spec.balance, STATIONARY_NETWORK_DEFAULTS.potential) }),
  };
  return { model, hooks };
}
