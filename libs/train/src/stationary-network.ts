import * as tf from '@tensorflow/tfjs';
import type { WeightedGraph } from '@gsn/graph';
import type { GraphInputs, Model, Params } from '@gsn/nn';
import {
  stationaryLayerOp,
  type StationaryLayerParams,
  type StationaryOpCache,
} from '@gsn/stationary';
import { InvalidArgumentError } from '@gsn/tensor';
import { globalStationaryOp, LOCAL_GLOBAL_SOLVES, SOLVE_MODES, type GlobalSolves, type SolveMode } from './global-stationary-op';
import {
  edgeWeightsName,
  kappaRawName,
  LAYERED_NETWORK_DEFAULTS,
  layeredNetwork,
  layerSolveConfig,
  validateLayeredOptions,
  type EdgeInit,
  type LayeredNetworkOptions,
  type LayerSolveConfig,
} from './layered-network';

export interface StationaryNetworkOptions extends LayeredNetworkOptions {
  /**
   * 'layerwise': one `stationaryLayerOp` per layer; 'global': all layers as one exact global
   * system (`globalStationaryOp`, same function); 'penalized': the relaxation with μ = `penalty`.
   */
  readonly solve: SolveMode;
  readonly penalty: number;
  /**
   * The op of each layer in 'layerwise' mode: `stationaryLayerOp`, or one computing the same
   * function elsewhere (e.g. @gsn/coordinator's row-sharded `--shard graph` op).
   */
  readonly layerOp: StationaryLayerOpFn;
  /** Where 'global' / 'penalized' solve: this thread, or e.g. @gsn/coordinator's layer-sharded solves. */
  readonly globalSolves: GlobalSolves;
}

/** A layer op with `stationaryLayerOp`'s signature, as the network calls it. */
export type StationaryLayerOpFn = (
  source: tf.Tensor2D,
  params: StationaryLayerParams,
  config: LayerSolveConfig,
  cache: StationaryOpCache,
) => tf.Tensor2D;

export type { EdgeInit };

export const STATIONARY_NETWORK_DEFAULTS: StationaryNetworkOptions = Object.freeze({
  ...LAYERED_NETWORK_DEFAULTS,
  solve: 'layerwise',
  penalty: 1000,
  layerOp: stationaryLayerOp,
  globalSolves: LOCAL_GLOBAL_SOLVES,
});

function validate(o: StationaryNetworkOptions): StationaryNetworkOptions {
  validateLayeredOptions('stationaryNetwork', o);
  if (!SOLVE_MODES.includes(o.solve)) throw new InvalidArgumentError(`stationaryNetwork: solve = ${String(o.solve)} is not one of ${SOLVE_MODES.join(', ')}`);
  if (!(o.penalty > 0 && Number.isFinite(o.penalty))) throw new InvalidArgumentError(`stationaryNetwork: penalty = ${o.penalty} is not a finite number > 0`);
  return o;
}

/**
 * A graph-stationary network on `graph` (the dataset's graph structure; its edge weights are
 * learned, starting from `edgeInit`): `layeredNetwork`'s skeleton
 *
 *   s₀ = drop(X) W_in + b_in,   ψ_l = T_l(s_l) (stationary layer l, `stationaryLayerOp`),
 *   s_{l+1} = ψ_l W_l + b_l,    logits = [drop(relu(s₀)), drop(ψ_{L−1})] W_out + b_out,
 *
 * with T_l = `layerOp` (layerwise) or all layers in one `globalStationaryOp` ('global',
 * 'penalized'). Forward solves by forward–backward splitting with Anderson acceleration,
 * warm-started from the last evaluation-mode state; gradients by one adjoint solve per layer
 * (prox form). Parameters: `input.*`, `mix<l>.*`, `readout.*`, `layer<l>.edgeWeights`,
 * `layer<l>.kappaRaw`.
 *
 * Shapes: X (n × d), s_l and ψ_l (n × 2c), logits (n × classes).
 */
export function stationaryNetwork(
  graph: WeightedGraph,
  options: Partial<StationaryNetworkOptions> = {},
): Model<GraphInputs> {
  const o = validate({ ...STATIONARY_NETWORK_DEFAULTS, ...options });
  const config = layerSolveConfig(graph, o);
  const globalConfig = {
    ...config,
    penalty: o.solve === 'penalized' ? o.penalty : Infinity,
    forward: config.forward.options,
    adjoint: config.adjoint.solverOptions,
    solves: o.globalSolves,
  };
  const range = Array.from({ length: o.layers }, (_, l) => l);
  const allLayers = (source: tf.Tensor2D, params: Params, cache: StationaryOpCache): tf.Tensor2D => {
    const all = globalStationaryOp(
      source,
      {
        weights: range.map((l) => params[edgeWeightsName(l)] as tf.Tensor1D),
        kappaRaw: range.map((l) => params[kappaRawName(l)] as tf.Scalar),
        mixWeights: range.slice(1).map((l) => params[`mix${l}.weight`] as tf.Tensor2D),
        mixBiases: range.slice(1).map((l) => params[`mix${l}.bias`] as tf.Tensor1D),
      },
      globalConfig,
      cache,
    );
    return tf.slice(all, [(o.layers - 1) * graph.nodes, 0], [graph.nodes, 2 * o.channels]);
  };
  return layeredNetwork(graph, {
    name: 'stationary',
    label: 'stationaryNetwork',
    options: o,
    config,
    layer: (source, l, params, cache) =>
      o.layerOp(source, { weights: params[edgeWeightsName(l)] as tf.Tensor1D, kappaRaw: params[kappaRawName(l)] as tf.Scalar }, config, cache),
    ...(o.solve === 'layerwise' ? {} : { stack: allLayers }),
  });
}
