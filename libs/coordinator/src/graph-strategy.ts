import { loadDataset, type WeightedGraph } from '@gsn/graph';
import type { GraphInputs, Model } from '@gsn/nn';
import { InvalidArgumentError } from '@gsn/tensor';
import { graphLearning, STATIONARY_NETWORK_DEFAULTS, stationaryNetwork, type StationaryNetworkOptions } from '@gsn/train';
import { layerGraphOf, type ModelSpec } from './model-spec';
import { withShardedLayerOp, type ServingPoolOptions } from './sharded-layer-op';

/**
 * The `graph` strategy of `gsn train`: the stationary network named by `spec` (graph learning
 * included), rebuilt on this thread with every layer's forward and adjoint solve row-sharded over
 * `workers` worker threads (`shardedLayerOp`); `train(model)` then trains it as one thread would.
 * Refuses models whose solves it cannot shard, naming the reason. A worker lost mid-solve is
 * replaced and the solve redone, noticed `options.barrierTimeoutMs` after the loss (`options.faults`
 * injects such losses: see `withServingPool`).
 */
export async function withGraphShardedModel<R>(
  data: string,
  spec: ModelSpec | undefined,
  workers: number,
  train: (model: Model<GraphInputs>) => R,
  options: Partial<ServingPoolOptions> = {},
): Promise<R> {
  if (spec?.model !== 'stationary' || (spec.solve ?? 'layerwise') !== 'layerwise') {
    const got = !spec ? 'a model it cannot rebuild' : spec.model !== 'stationary' ? `--model ${spec.model}` : `--solve ${spec.solve}`;
    throw new InvalidArgumentError(`--shard graph shards the layer solves of --model stationary with --solve layerwise (the default; --solve penalized: --shard layers); got ${got}`);
  }
  const rebuild = stationaryRebuild(data, spec);
  return withShardedLayerOp(rebuild.structure, rebuild.channels, workers, (layerOp) => train(rebuild.model({ layerOp })), options);
}

/**
 * The stationary network named by `spec` on dataset `data`, to be rebuilt on this thread with
 * `extra` options (where its solves run): `structure` is the layers' graph (the moduli graph of
 * the candidates when learning the graph), the one a sharded solve partitions.
 */
export function stationaryRebuild(data: string, spec: ModelSpec) {
  const dataset = loadDataset(data);
  const graph = layerGraphOf(spec, dataset);
  const learning = spec.graph ? graphLearning(graph, spec.graph, dataset.features) : undefined;
  const options: Partial<StationaryNetworkOptions> = {
    ...(spec.layers === undefined ? {} : { layers: spec.layers }),
    ...(spec.channels === undefined ? {} : { channels: spec.channels }),
    ...(spec.tol === undefined ? {} : { tol: spec.tol }),
  };
  return {
    structure: learning?.graph ?? graph,
    layers: spec.layers ?? STATIONARY_NETWORK_DEFAULTS.layers,
    channels: spec.channels ?? STATIONARY_NETWORK_DEFAULTS.channels,
    model(extra: Partial<StationaryNetworkOptions>): Model<GraphInputs> {
      const build = (g: WeightedGraph) => stationaryNetwork(g, { ...options, ...extra });
      return learning ? learning.model(build) : build(graph);
    },
  };
}
