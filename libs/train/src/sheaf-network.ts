import * as tf from '@tensorflow/tfjs';
import { withWeights, type WeightedGraph } from '@gsn/graph';
import type { GraphInputs, Model, Params } from '@gsn/nn';
import {
  paramsPerEdge,
  predictConnectionParams,
  sheafLayerOp,
  type ConnectionSpec,
  type SheafLayerConfig,
} from '@gsn/sheaf';
import type { AndersonOptions, ForwardBackwardOptions } from '@gsn/solvers';
import { InvalidArgumentError } from '@gsn/tensor';
import {
  edgeWeightsName,
  initialEdgeWeights,
  kappaRawName,
  LAYERED_NETWORK_DEFAULTS,
  layeredNetwork,
  layerSolveConfig,
  validateLayeredOptions,
  type LayeredNetworkOptions,
} from './layered-network';

export interface SheafNetworkOptions extends LayeredNetworkOptions {
  /** Stalk dimension d of the O(d) connection; `channels` must be a multiple of it (c/d stalk copies). */
  readonly stalk: number;
  /** Restriction maps predicted from the layer's source features (Neural Sheaf Diffusion) or free per edge. */
  readonly maps: SheafMaps;
  /**
   * Initial value θ₀ ∈ [0, π) of every map parameter (free θ_e = θ₀; predicted: W_maps = 0,
   * π·tanh(ε·b_maps) = θ₀). 0 is the identity connection (the plain graph-stationary network);
   * π/2 is where a flip (θ → π) changes the loss at first order (at 0 only at second).
   */
  readonly initialAngle: number;
  /**
   * Rate ε of the maps: their parameters enter scaled by ε (predicted θ = π·tanh(ε([s_i ‖ s_j]W + b)),
   * free θ_e = ε·φ_e), so Adam, whose steps are ~lr in the parameters whatever the gradient's
   * size, moves the angles ε times slower than the other parameters move theirs.
   */
  readonly mapRate: number;
}

export const SHEAF_MAPS = ['predicted', 'free'] as const;
export type SheafMaps = (typeof SHEAF_MAPS)[number];

/**
 * Defaults (the same for every graph; measurements in @gsn/train's README, "The sheaf network"):
 * the stationary network's layer (κ = 1, κ_min = 0.1, ReLU potential, symmetric initial
 * weights, skip readout), so that at θ = 0 the sheaf network *is* the stationary network
 * (C4 of SPEC 4.10) and the connection is the only difference; NSD's predicted O(2) maps,
 * starting at the identity and learning 10× slower than the rest (`mapRate` 0.1): at full rate
 * they cost 5.9 points on Texas with graph learning (75.68 against 81.35).
 */
export const SHEAF_NETWORK_DEFAULTS: SheafNetworkOptions = Object.freeze({
  ...LAYERED_NETWORK_DEFAULTS,
  stalk: 2,
  maps: 'predicted',
  initialAngle: 0,
  mapRate: 0.1,
});

function validate(o: SheafNetworkOptions): SheafNetworkOptions {
  validateLayeredOptions('sheafNetwork', o);
  if (!(Number.isInteger(o.stalk) && o.stalk >= 2)) {
    throw new InvalidArgumentError(`sheafNetwork: stalk = ${o.stalk} must be an integer of at least 2 (O(1) maps are ±1, not a chart)`);
  }
  if (o.channels % o.stalk !== 0) throw new InvalidArgumentError(`sheafNetwork: channels = ${o.channels} is not a multiple of stalk = ${o.stalk}`);
  if (!SHEAF_MAPS.includes(o.maps)) throw new InvalidArgumentError(`sheafNetwork: maps = '${o.maps}' is not one of ${SHEAF_MAPS.join(', ')}`);
  if (!(o.mapRate > 0 && Number.isFinite(o.mapRate))) throw new InvalidArgumentError(`sheafNetwork: mapRate = ${o.mapRate} is not a finite number > 0`);
  if (!(o.initialAngle >= 0 && o.initialAngle < Math.PI)) throw new InvalidArgumentError(`sheafNetwork: initialAngle = ${o.initialAngle} is not in [0, π)`);
  return o;
}

/** O(d) maps: one rotation angle for d = 2, the Cayley chart of a skew matrix otherwise. */
export function orthogonalConnectionSpec(stalk: number): ConnectionSpec {
  return { kind: 'orthogonal', stalk, method: stalk === 2 ? 'angle' : 'cayley' };
}

/**
 * The graph with the symmetric normalisation w_ij = 1/√(d_i d_j) (`edgeInit: 'symmetric'`), so
 * that Σ_j w_ij ≈ 1 and λ_max(L_F) ≤ 2·max_i Σ_j w_ij stays O(1) on every graph.
 */
export function normalizedWeights(graph: WeightedGraph): WeightedGraph {
  return withWeights(graph, initialEdgeWeights(graph, 'symmetric'));
}

const freeMaps = (l: number) => `layer${l}.connection`;
const mapPredictor = (l: number) => `maps${l}`;

/**
 * A sheaf-stationary network on `graph` (SPEC 4.9; Neural Sheaf Diffusion's O(d) model with the
 * diffusion replaced by the stationary layer): `layeredNetwork`'s skeleton with
 *
 *   ψ_l = (L_{F_l} + κ_l + ∂Φ)^{-1}(s_l)  (`sheafLayerOp`),
 *
 * L_{F_l} the connection Laplacian with O(d) maps (`orthogonalConnectionSpec`) on stalks of d
 * channels. The maps are θ_e = π·tanh(ε([s_l,i ‖ s_l,j] W_maps + b_maps)) (predicted, parameters
 * `maps<l>.weight`, `maps<l>.bias`) or θ_e = ε·φ_e free per edge (`layer<l>.connection`, no
 * weight decay), all at `initialAngle` at the start (default 0: the identity connection, i.e.
 * the plain graph-stationary network). Edge weights (`layer<l>.edgeWeights`, which graph
 * learning trains), κ, skip readout and `stats()` as `stationaryNetwork`'s.
 *
 * Shapes: X (n × features), s_l and ψ_l (n × 2c), logits (n × classes).
 */
export function sheafNetwork(graph: WeightedGraph, options: Partial<SheafNetworkOptions> = {}): Model<GraphInputs> {
  const o = validate({ ...SHEAF_NETWORK_DEFAULTS, ...options });
  const spec = orthogonalConnectionSpec(o.stalk);
  const perEdge = paramsPerEdge(spec);
  const config: SheafLayerConfig<Partial<ForwardBackwardOptions>, Partial<AndersonOptions>> = { ...layerSolveConfig(graph, o), connection: spec };
  const connectionOf = (source: tf.Tensor2D, l: number, params: Params): tf.Tensor2D =>
    o.maps === 'free'
      ? (tf.mul(params[freeMaps(l)], o.mapRate) as tf.Tensor2D)
      : predictConnectionParams(source, config.graph, tf.mul(params[`${mapPredictor(l)}.weight`], o.mapRate) as tf.Tensor2D, tf.mul(params[`${mapPredictor(l)}.bias`], o.mapRate) as tf.Tensor1D);
  return layeredNetwork(graph, {
    name: 'sheaf',
    label: 'sheafNetwork',
    options: o,
    config,
    // W_maps = 0, b_maps = atanh(θ₀/π): θ = θ₀ on every edge at the start (see `initialAngle`);
    // dℓ/dW = [s_i ‖ s_j]ᵀ dℓ/dθ·π(1 − tanh²) is nonzero at W = 0, so the maps do move.
    initLayer: (l, width) =>
      o.maps === 'free'
        ? { [freeMaps(l)]: tf.fill([config.graph.src.length, perEdge], o.initialAngle / o.mapRate) }
        : { [`${mapPredictor(l)}.weight`]: tf.zeros([2 * width, perEdge]), [`${mapPredictor(l)}.bias`]: tf.fill([perEdge], Math.atanh(o.initialAngle / Math.PI) / o.mapRate) },
    layer: (source, l, params, cache) =>
      sheafLayerOp(
        source,
        { weights: params[edgeWeightsName(l)] as tf.Tensor1D, kappaRaw: params[kappaRawName(l)] as tf.Scalar, connection: connectionOf(source, l, params) },
        config,
        cache,
      ),
    undecayed: ['.connection'],
  });
}
