import * as tf from '@tensorflow/tfjs';
import { degreeCounts, withWeights, type WeightedGraph } from '@gsn/graph';
import type { GraphInputs, Model, Params } from '@gsn/nn';
import { dropout, dropoutFeatures, initLinear, linear, readout } from '@gsn/nn';
import { anderson, forwardBackward, type AndersonOptions, type ForwardBackwardOptions } from '@gsn/solvers';
import {
  createStationaryOpCache,
  initStationaryLayer,
  reluPotential,
  type Potential,
  type StationaryLayerConfig,
  type StationaryOpCache,
} from '@gsn/stationary';
import { InvalidArgumentError, type Rng } from '@gsn/tensor';

export type EdgeInit = 'symmetric' | 'unit';

/** The options every network of stationary-type layers has (`stationaryNetwork`, `sheafNetwork`). */
export interface LayeredNetworkOptions {
  /** Layers L. */
  readonly layers: number;
  /** Complex channels c per node (the state is n × 2c: [u, v]). */
  readonly channels: number;
  /** Dropout on the input features (nonzeros only) and on the states before the readout. */
  readonly dropout: number;
  /** Initial on-site floor κ, and its lower bound κ_min (κ = κ_min + softplus(ρ)). */
  readonly kappa: number;
  readonly kappaMin: number;
  /** The convex potential Φ of every layer. */
  readonly potential: Potential;
  /** Relative tolerance and iteration cap of the forward and adjoint solves. */
  readonly tol: number;
  readonly maxIter: number;
  /**
   * Initial edge weights: 'symmetric' w_ij = 1/√(d_i d_j) (d the binary degrees; the
   * normalized-Laplacian point of the weight space), or 'unit' w_ij = 1.
   */
  readonly edgeInit: EdgeInit;
  /**
   * Readout from [drop(relu(s₀)), drop(ψ_{L−1})] (true) or from drop(ψ_{L−1}) alone: relu(s₀)
   * is the first layer's state on the edgeless graph at κ = 1, so the readout sees the node's
   * own features next to the propagated state (an initial-residual / jumping-knowledge skip).
   */
  readonly skip: boolean;
}

/**
 * The stationary network's choices (SPEC 4.14's κ = 1; why each, in @gsn/train's README), which
 * the sheaf network keeps so that at the identity connection it is the stationary network.
 */
export const LAYERED_NETWORK_DEFAULTS: LayeredNetworkOptions = Object.freeze({
  layers: 1,
  channels: 16,
  dropout: 0.5,
  kappa: 1,
  kappaMin: 0.1,
  potential: reluPotential(),
  tol: 1e-5,
  maxIter: 1000,
  edgeInit: 'symmetric',
  skip: true,
});

/** The layer config both networks hand their layer ops (forward–backward + Anderson, prox-form adjoint by Anderson). */
export type LayerSolveConfig = StationaryLayerConfig<Partial<ForwardBackwardOptions>, Partial<AndersonOptions>>;

/** Throws naming the first bad shared option; `label` names the network (e.g. 'stationaryNetwork'). */
export function validateLayeredOptions(label: string, o: LayeredNetworkOptions): void {
  for (const k of ['layers', 'channels', 'maxIter'] as const) {
    if (!(Number.isInteger(o[k]) && o[k] > 0)) throw new InvalidArgumentError(`${label}: ${k} = ${o[k]} is not a positive integer`);
  }
  if (!(o.dropout >= 0 && o.dropout < 1)) throw new InvalidArgumentError(`${label}: dropout = ${o.dropout} is not in [0, 1)`);
  if (!(o.kappaMin > 0 && o.kappa > o.kappaMin)) {
    throw new InvalidArgumentError(`${label}: kappa = ${o.kappa} must exceed kappaMin = ${o.kappaMin} > 0`);
  }
  if (!(o.tol > 0)) throw new InvalidArgumentError(`${label}: tol = ${o.tol} is not positive`);
  if (o.edgeInit !== 'symmetric' && o.edgeInit !== 'unit') {
    throw new InvalidArgumentError(`${label}: edgeInit = ${String(o.edgeInit)} is not 'symmetric' or 'unit'`);
  }
  if (!o.potential.convex) throw new InvalidArgumentError(`${label}: potential '${o.potential.name}' is not convex`);
}

/**
 * The layers' structure (`graph` with the initial weights of `o.edgeInit`) and their solver
 * config. A solve that stops at maxIter short of tol is a value here, not an error: one slow
 * epoch (κ near κ_min, large weights) should not end a run. `stats().converged` reports it and
 * the trainer counts such epochs.
 */
export function layerSolveConfig(graph: WeightedGraph, o: LayeredNetworkOptions): LayerSolveConfig {
  return {
    graph: withWeights(graph, initialEdgeWeights(graph, o.edgeInit)),
    channels: o.channels,
    kappaMin: o.kappaMin,
    potential: o.potential,
    forward: { solver: forwardBackward, options: { tol: o.tol, maxIter: o.maxIter, acceleration: 'anderson', throwOnFail: false } },
    adjoint: { form: 'prox', solver: anderson, solverOptions: { tol: o.tol, maxIter: o.maxIter, throwOnFail: false } },
  };
}

export const edgeWeightsName = (l: number) => `layer${l}.edgeWeights`;
export const kappaRawName = (l: number) => `layer${l}.kappaRaw`;

/** What a network adds to the shared skeleton: its layer (and optionally a whole-stack op). */
export interface LayeredNetworkSpec {
  /** `Model.name`. */
  readonly name: string;
  /** The prefix of its errors (e.g. 'stationaryNetwork'). */
  readonly label: string;
  readonly options: LayeredNetworkOptions;
  /** The layers' structure and solver config (`layerSolveConfig`). */
  readonly config: LayerSolveConfig;
  /** Parameters of layer l besides its edge weights and κ (width = 2c, the state's columns), drawn from `rng`. */
  readonly initLayer?: (l: number, width: number, rng: Rng) => Record<string, tf.Tensor>;
  /** ψ_l = T_l(s_l), warm-started and reported through `cache`; `input` is s₀, the input embedding. */
  readonly layer: (source: tf.Tensor2D, l: number, params: Params, cache: StationaryOpCache, input: tf.Tensor2D) => tf.Tensor2D;
  /** When given, replaces the chain of `layer` calls by one op returning ψ_{L−1} from s₀ (one cache). */
  readonly stack?: (source: tf.Tensor2D, params: Params, cache: StationaryOpCache) => tf.Tensor2D;
  /** Parameter name suffixes (besides `.edgeWeights`, `.kappaRaw`) that get no weight decay. */
  readonly undecayed?: readonly string[];
}

/**
 * The network skeleton shared by the stationary and sheaf networks:
 *
 *   s₀ = drop(X) W_in + b_in,   ψ_l = T_l(s_l),   s_{l+1} = ψ_l W_l + b_l,
 *   logits = [drop(relu(s₀)), drop(ψ_{L−1})] W_out + b_out   (or drop(ψ_{L−1}) alone without the skip).
 *
 * `spec.layer` supplies T_l. Parameters: `input.*`, `mix<l>.*`, `readout.*`, and per layer
 * `layer<l>.edgeWeights` (one per edge of the structure, kept ≥ 0 through `nonNegative`, no
 * weight decay; the name graph learning looks for) and `layer<l>.kappaRaw` (no decay), plus
 * what `spec.initLayer` adds. `stats()` reports the forward (and adjoint) iterations of the
 * last call, summed over layers.
 *
 * Shapes: X (n × features), s_l and ψ_l (n × 2c), logits (n × classes).
 */
export function layeredNetwork(graph: WeightedGraph, spec: LayeredNetworkSpec): Model<GraphInputs> {
  const o = spec.options;
  // Warm starts: every solve starts from the last evaluation state (dropout off). A training
  // source differs from it by one dropout draw, from the previous training source by two, so
  // this start is the closer one (Cora, first epochs: ~85 forward iterations against ~100 from
  // the previous training state, and ~220 for evaluation started from a training state).
  // Training calls get a scratch cache so they never move the evaluation state.
  const freshCaches = () => Array.from({ length: spec.stack ? 1 : o.layers }, () => createStationaryOpCache());
  let evaluation = freshCaches();
  let last: StationaryOpCache[] = evaluation;
  const width = 2 * o.channels;
  const undecayed = ['.edgeWeights', '.kappaRaw', ...(spec.undecayed ?? [])];
  return {
    name: spec.name,
    init(rng, dims) {
      if (dims.nodes !== graph.nodes) {
        throw new InvalidArgumentError(`${spec.label}: the graph has ${graph.nodes} nodes, the task ${dims.nodes}`);
      }
      evaluation = freshCaches();
      last = evaluation;
      const params: Record<string, tf.Tensor> = { ...initLinear(rng, 'input', dims.features, width) };
      for (let l = 0; l < o.layers; l++) {
        if (l > 0) Object.assign(params, initLinear(rng, `mix${l}`, width, width));
        const layer = initStationaryLayer(rng, { graph: spec.config.graph, kappa: o.kappa, kappaMin: o.kappaMin });
        params[edgeWeightsName(l)] = layer.weights;
        params[kappaRawName(l)] = layer.kappaRaw;
        if (spec.initLayer) Object.assign(params, spec.initLayer(l, width, rng));
      }
      return { ...params, ...initLinear(rng, 'readout', o.skip ? 2 * width : width, dims.classes) };
    },
    apply(params: Params, { features }, ctx) {
      last = ctx.training ? evaluation.map((c) => ({ state: c.state, stats: undefined })) : evaluation;
      const first = linear(params, 'input', dropoutFeatures(features, o.dropout, ctx));
      let psi = first;
      if (spec.stack) psi = spec.stack(first, params, last[0]);
      else for (let l = 0; l < o.layers; l++) psi = spec.layer(l > 0 ? linear(params, `mix${l}`, psi) : first, l, params, last[l], first);
      const states = o.skip ? [tf.relu(first), psi] : [psi];
      return readout(params, 'readout', states.map((x) => dropout(x, o.dropout, ctx)));
    },
    stats() {
      const forward = last.map((c) => c.stats?.forwardIterations ?? 0);
      const adjoint = last.map((c) => c.stats?.adjointIterations ?? 0);
      return {
        solverIterations: forward.reduce((s, x) => s + x, 0),
        adjointIterations: adjoint.reduce((s, x) => s + x, 0),
        converged: last.every((c) => c.stats?.forwardConverged ?? true),
      };
    },
    decays: (name) => !undecayed.some((suffix) => name.endsWith(suffix)),
    nonNegative: (name) => name.endsWith('.edgeWeights'),
    decayScale: labelledFractionDecayScale,
  };
}

/** The labelled fraction at which the network's weight decay is the protocol's coefficient. */
const REFERENCE_LABELLED_FRACTION = 0.5;

/**
 * r₀ / r: the network minimises F = r·CE + (λ/2)‖θ‖², the cross-entropy summed over the
 * labelled nodes per node of the graph (as graph learning's objective, which scales its loss
 * by the same r) plus a prior of fixed strength λ = r₀·weightDecay. Adam sees F / r, so the L2
 * coefficient is weightDecay·r₀/r: the protocol's 5e-4 at r₀ = ½ (Cora's and Texas's Geom-GCN
 * splits have r = 0.44 and 0.475), 4.8e-3 on planetoid's 140 labels (r = 0.052).
 */
function labelledFractionDecayScale(labelledFraction: number): number {
  return REFERENCE_LABELLED_FRACTION / labelledFraction;
}

/**
 * The skip readout's own-features block alone, relu(s₀) W_out[0 .. 2c − 1] + b_out (the readout
 * is [relu(s₀), ψ] W_out + b_out): the class evidence of a node's own features, which the loss
 * trains anyway. `input` is s₀ (n × 2c); needs `skip`.
 */
export function ownFeatureLogits(params: Params, input: tf.Tensor2D): tf.Tensor2D {
  const weight = params['readout.weight'] as tf.Tensor2D;
  const rows = tf.slice(weight, [0, 0], [input.shape[1], weight.shape[1]]);
  return tf.add(tf.matMul(tf.relu(input), rows), params['readout.bias']) as tf.Tensor2D;
}

/**
 * 'symmetric': w_ij = 1/√(d_i d_j) from the binary degrees (self-loops not counted), the
 * weighting of the symmetric normalized Laplacian (GCN's, APPNP's): weighted degrees are O(1)
 * to O(√d) instead of d, so Λ(H) ≤ 2 d_max(w) + κ stays small and the forward–backward rate
 * q = 1 − κ/Λ does not degrade with the largest hub. 'unit': w_ij = 1.
 */
export function initialEdgeWeights(graph: WeightedGraph, init: EdgeInit): Float32Array {
  const w = new Float32Array(graph.src.length).fill(1);
  if (init === 'unit') return w;
  const d = degreeCounts(graph);
  for (let e = 0; e < w.length; e++) {
    const i = graph.src[e];
    const j = graph.dst[e];
    w[e] = i === j ? 0 : 1 / Math.sqrt(d[i] * d[j]);
  }
  return w;
}
