import type { WeightedGraph } from '@gsn/graph';
import type { GraphInputs, Model } from '@gsn/nn';
import { gcn, mlp } from '@gsn/nn';
import { InvalidArgumentError, type Csr } from '@gsn/tensor';
import {
  balancePenalty,
  graphLearning,
  INPUT_LAYER_GRAPH,
  layerGraph,
  sheafNetwork,
  STATIONARY_NETWORK_DEFAULTS,
  stationaryNetwork,
  type GraphLearningOptions,
  type LayerGraphChoice,
  type SolveMode,
  type TrainHooks,
} from '@gsn/train';

/**
 * A model named by data, so that it can cross into a worker thread (a `Model` holds closures
 * and cannot): each worker rebuilds the same model, and the same training hooks, from it.
 * `gsn train` builds its model from one too, so both paths train the same model.
 * Absent fields take the model's defaults.
 */
export interface ModelSpec {
  readonly model: 'stationary' | 'sheaf' | 'gcn' | 'mlp';
  /** Layers and channels of `stationary` and `sheaf`. */
  readonly layers?: number;
  readonly channels?: number;
  /** Dropout of `stationary` and `sheaf` (on the input features and before the readout). */
  readonly dropout?: number;
  /** Relative tolerance of the stationary / sheaf solves. */
  readonly tol?: number;
  /** How the stationary layers are solved, and μ of `'penalized'`. */
  readonly solve?: SolveMode;
  readonly penalty?: number;
  /** Stalk dimension of `sheaf`. */
  readonly stalk?: number;
  /** The graph `stationary` and `sheaf` run on (`--layer-graph`; default the dataset's). */
  readonly layerGraph?: LayerGraphChoice;
  /** Graph learning (`--learn-graph` ...), as `gsn train` wires it. */
  readonly graph?: Partial<GraphLearningOptions>;
  /** λ of the norm-balancing penalty (`--balance`). */
  readonly balance?: number;
}

/** The fields of `spec` named in `keys` that are present. */
function given<K extends keyof ModelSpec>(spec: ModelSpec, keys: readonly K[]): Pick<ModelSpec, K> {
  return Object.fromEntries(keys.filter((k) => spec[k] !== undefined).map((k) => [k, spec[k]])) as Pick<ModelSpec, K>;
}

/** The model a spec names, with the protocol's defaults (hidden 64, dropout 0.5 for the baselines), on `graph`. */
export function modelFromSpec(spec: ModelSpec, graph: WeightedGraph): Model<GraphInputs> {
  switch (spec.model) {
    case 'gcn':
      return gcn();
    case 'mlp':
      return mlp();
    case 'stationary':
      return stationaryNetwork(graph, given(spec, ['layers', 'channels', 'dropout', 'tol', 'solve', 'penalty']));
    case 'sheaf':
      return sheafNetwork(graph, given(spec, ['layers', 'channels', 'dropout', 'tol', 'stalk']));
    default:
      throw new InvalidArgumentError(`ModelSpec: model '${String((spec as { model: unknown }).model)}' is not one of stationary, sheaf, gcn, mlp`);
  }
}

/** The graph the layers of `spec` run on, from the dataset's `graph` and `features` (`layerGraph`). */
export function layerGraphOf(spec: ModelSpec, dataset: { readonly graph: WeightedGraph; readonly features: Csr }): WeightedGraph {
  return layerGraph(dataset.graph, dataset.features, spec.layerGraph ?? INPUT_LAYER_GRAPH);
}

/**
 * Model and hooks of one run on `dataset`, as `gsn train` builds them: the layers on
 * `layerGraphOf`, graph learning (its k-NN candidates from the features) wrapping the model;
 * `graphOptions` are graph learning's options with their defaults filled in, for reports.
 */
export function runSetupFromSpec(
  spec: ModelSpec,
  dataset: { readonly graph: WeightedGraph; readonly features: Csr },
): { model: Model<GraphInputs>; hooks: TrainHooks; graphOptions?: GraphLearningOptions } {
  const graph = layerGraphOf(spec, dataset);
  const learning = spec.graph ? graphLearning(graph, spec.graph, dataset.features) : undefined;
  const model = learning ? learning.model((g) => modelFromSpec(spec, g)) : modelFromSpec(spec, graph);
  const hooks: TrainHooks = {
    ...(learning ? { graph: learning.hooks() } : {}),
    ...(spec.balance === undefined ? {} : { penalty: balancePenalty(spec.model, spec.balance, STATIONARY_NETWORK_DEFAULTS.potential) }),
  };
  return { model, hooks, ...(learning ? { graphOptions: learning.options } : {}) };
}
