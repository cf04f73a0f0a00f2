import * as tf from '@tensorflow/tfjs';
import { withWeights, type WeightedGraph } from '@gsn/graph';
import { initLinear, type GraphInputs, type Model, type Params } from '@gsn/nn';
import {
  paramsPerEdge,
  predictConnectionParams,
  predictConnectionParamsMlp,
  anglesFromPosteriors,
  sheafLayerOp,
  type ConnectionSpec,
  type SheafLayerConfig,
} from '@gsn/sheaf';
import type { AndersonOptions, ForwardBackwardOptions } from '@gsn/solvers';
import { InvalidArgumentError, type Rng } from '@gsn/tensor';
import {
  edgeWeightsName,
  initialEdgeWeights,
  kappaRawName,
  LAYERED_NETWORK_DEFAULTS,
  layeredNetwork,
  ownFeatureLogits,
  layerSolveConfig,
  validateLayeredOptions,
  type LayeredNetworkOptions,
} from './layered-network';

export interface SheafNetworkOptions extends LayeredNetworkOptions {
  /** Stalk dimension d of the O(d) connection; `channels` must be a multiple of it (c/d stalk copies). */
  readonly stalk: number;
  /**
   * Restriction maps predicted from the layer's source features (Neural Sheaf Diffusion), free per
   * edge, or (stalk 2 only) from the class posteriors of the readout's own-features block,
   * θ_e = (π/2)‖p_i − p_j‖² (`anglesFromPosteriors`; no parameters of their own).
   */
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
  /**
   * Hidden ReLU units H of the map learner: 0 is NSD's linear learner
   * θ = π·tanh(ε([s_i ‖ s_j]W + b)); H > 0 is θ = π·tanh(ε(relu([s_i ‖ s_j]W₁ + b₁)W₂ + b₂))
   * (`predictConnectionParamsMlp`; ε on the output layer only, W₂ = 0 at the start).
   */
  readonly mapHidden: number;
}

export const SHEAF_MAPS = ['predicted', 'free', 'posterior'] as const;
export type SheafMaps = (typeof SHEAF_MAPS)[number];

/**
 * Defaults (the same for every graph; measurements in @gsn/train's README, "The sheaf network"):
 * the stationary network's layer (κ = 1, κ_min = 0.1, ReLU potential, symmetric initial
 * weights, skip readout) and O(2) maps from the class posteriors of the readout's own-features
 * block (`maps: 'posterior'`): a flip where the two ends are confidently predicted apart, the
 * identity where they agree, with no per-edge parameters to fit the training nodes (Texas 10
 * splits 81.62 against 81.08 for NSD's predicted maps on the same code, Cora splits 0–4 87.28).
 * A stalk other than 2 defaults to predicted maps (`initialAngle` 0, `mapRate` 0.1: at full
 * rate they cost 5.9 points on Texas with graph learning, 75.68 against 81.35).
 */
export const SHEAF_NETWORK_DEFAULTS: SheafNetworkOptions = Object.freeze({
  ...LAYERED_NETWORK_DEFAULTS,
  stalk: 2,
  maps: 'posterior',
  initialAngle: 0,
  mapRate: 0.1,
  mapHidden: 0,
});

function validate(o: SheafNetworkOptions): SheafNetworkOptions {
  validateLayeredOptions('sheafNetwork', o);
  if (!(Number.isInteger(o.stalk) && o.stalk >= 2)) {
    throw new InvalidArgumentError(`sheafNetwork: stalk = ${o.stalk} must be an integer of at least 2 (O(1) maps are ±1, not a chart)`);
  }
  if (o.channels % o.stalk !== 0) throw new InvalidArgumentError(`sheafNetwork: channels = ${o.channels} is not a multiple of stalk = ${o.stalk}`);
  if (!SHEAF_MAPS.includes(o.maps)) throw new InvalidArgumentError(`sheafNetwork: maps = '${o.maps}' is not one of ${SHEAF_MAPS.join(', ')}`);
  if (!(o.mapRate > 0 && Number.isFinite(o.mapRate))) throw new InvalidArgumentError(`sheafNetwork: mapRate = ${o.mapRate} is not a finite number > 0`);
  if (!(Number.isInteger(o.mapHidden) && o.mapHidden >= 0)) throw new InvalidArgumentError(`sheafNetwork: mapHidden = ${o.mapHidden} is not an integer >= 0`);
  if (o.maps === 'posterior' && !(o.stalk === 2 && o.skip)) {
    throw new InvalidArgumentError(`sheafNetwork: maps = 'posterior' needs stalk 2 (the flip −I is an O(2) angle) and the skip readout (its own-features block), got stalk ${o.stalk}, skip ${o.skip}`);
  }
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
 * `maps<l>.weight`, `maps<l>.bias`; with `mapHidden` H > 0 a ReLU layer `maps<l>.hidden.*` of H
 * units before them) or θ_e = ε·φ_e free per edge (`layer<l>.connection`, no weight decay), all
 * at `initialAngle` at the start (default 0: the identity connection, i.e. the plain
 * graph-stationary network); or, with `maps: 'posterior'`, θ_e = (π/2)‖p_i − p_j‖² from the
 * class posteriors p = softmax(relu(s₀) W_out[own block] + b_out) (no parameters of their own;
 * the default at stalk 2). Edge weights (`layer<l>.edgeWeights`, which graph learning trains), κ,
 * skip readout and `stats()` as `stationaryNetwork`'s.
 *
 * Shapes: X (n × features), s_l and ψ_l (n × 2c), logits (n × classes).
 */
export function sheafNetwork(graph: WeightedGraph, options: Partial<SheafNetworkOptions> = {}): Model<GraphInputs> {
  // The posterior flip is an O(2) angle: other stalks default to predicted maps (`SHEAF_NETWORK_DEFAULTS`).
  const mapsOfStalk = options.stalk !== undefined && options.stalk !== 2 ? { maps: 'predicted' as const } : {};
  const o = validate({ ...SHEAF_NETWORK_DEFAULTS, ...mapsOfStalk, ...options });
  const spec = orthogonalConnectionSpec(o.stalk);
  const perEdge = paramsPerEdge(spec);
  const config: SheafLayerConfig<Partial<ForwardBackwardOptions>, Partial<AndersonOptions>> = { ...layerSolveConfig(graph, o), connection: spec };
  const hidden = (l: number) => `${mapPredictor(l)}.hidden`;
  const scaled = (params: Params, name: string) => tf.mul(params[name], o.mapRate);
  const predicted = (source: tf.Tensor2D, l: number, params: Params): tf.Tensor2D => {
    const output = { weight: scaled(params, `${mapPredictor(l)}.weight`) as tf.Tensor2D, bias: scaled(params, `${mapPredictor(l)}.bias`) as tf.Tensor1D };
    if (o.mapHidden === 0) return predictConnectionParams(source, config.graph, output.weight, output.bias);
    const first = { weight: params[`${hidden(l)}.weight`] as tf.Tensor2D, bias: params[`${hidden(l)}.bias`] as tf.Tensor1D };
    return predictConnectionParamsMlp(source, config.graph, first, output);
  };
  const connectionOf = (source: tf.Tensor2D, l: number, params: Params, input: tf.Tensor2D): tf.Tensor2D => {
    if (o.maps === 'free') return tf.mul(params[freeMaps(l)], o.mapRate) as tf.Tensor2D;
    if (o.maps === 'posterior') return anglesFromPosteriors(ownFeatureLogits(params, input), config.graph);
    return predicted(source, l, params);
  };
  // W_maps = 0 (the output layer's, with a hidden layer), b_maps = atanh(θ₀/π)/ε: θ = θ₀ on every
  // edge at the start (see `initialAngle`); dℓ/dW = [s_i ‖ s_j]ᵀ dℓ/dθ·πε(1 − tanh²) (or the hidden
  // units' in its place) is nonzero at W = 0, so the maps do move.
  const initLayer = (l: number, width: number, rng: Rng): Record<string, tf.Tensor> => {
    if (o.maps === 'free') return { [freeMaps(l)]: tf.fill([config.graph.src.length, perEdge], o.initialAngle / o.mapRate) };
    if (o.maps === 'posterior') return {};
    return {
      ...(o.mapHidden === 0 ? {} : initLinear(rng, hidden(l), 2 * width, o.mapHidden)),
      [`${mapPredictor(l)}.weight`]: tf.zeros([o.mapHidden === 0 ? 2 * width : o.mapHidden, perEdge]),
      [`${mapPredictor(l)}.bias`]: tf.fill([perEdge], Math.atanh(o.initialAngle / Math.PI) / o.mapRate),
    };
  };
  return layeredNetwork(graph, {
    name: 'sheaf',
    label: 'sheafNetwork',
    options: o,
    config,
    initLayer,
    layer: (source, l, params, cache, input) =>
      sheafLayerOp(
        source,
        { weights: params[edgeWeightsName(l)] as tf.Tensor1D, kappaRaw: params[kappaRawName(l)] as tf.Scalar, connection: connectionOf(source, l, params, input) },
        config,
        cache,
      ),
    undecayed: ['.connection'],
  });
}
