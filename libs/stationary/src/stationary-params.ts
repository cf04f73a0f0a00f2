import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError, type Rng } from '@gsn/tensor';
import type { WeightedGraph } from '@gsn/graph';
import { rawFromKappa } from './schrodinger-operator';

/**
 * The trainable tensors of one stationary layer (an immutable record; the trainer may wrap
 * them in variables). Static configuration (graph structure, potential kind, solvers) lives
 * in `StationaryLayerConfig`.
 *
 * Shapes: weights (edges of the graph structure); kappaRaw, strength scalars.
 */
export interface StationaryLayerParams {
  /** Edge weights w_e ≥ 0, one per edge of the graph's edge list. */
  readonly weights: tf.Tensor1D;
  /** ρ with κ = κ_min + softplus(ρ). */
  readonly kappaRaw: tf.Scalar;
  /** The potential strength β (R for the radial clip); absent for potentials without one. */
  readonly strength?: tf.Scalar;
}

export interface InitStationaryLayerOptions {
  /** Graph structure; its weights are the initial edge weights (before jitter). */
  readonly graph: WeightedGraph;
  /** Initial κ (SPEC 4.14 default 1). */
  readonly kappa: number;
  /** κ_min of the softplus parametrisation (SPEC 4.14 default 0.1). */
  readonly kappaMin: number;
  /** Initial potential strength, or undefined for potentials without one. */
  readonly strength?: number;
  /** Multiplicative jitter: w_e ← w_e·(1 + j·U(−1, 1)), j ∈ [0, 1). */
  readonly weightJitter: number;
}

export const INIT_STATIONARY_LAYER_DEFAULTS = Object.freeze({ kappa: 1, kappaMin: 0.1, weightJitter: 0 });

/** Creates the parameters of one layer (randomness only through `rng`). */
export function initStationaryLayer(
  rng: Rng,
  options: Pick<InitStationaryLayerOptions, 'graph'> & Partial<InitStationaryLayerOptions>,
): StationaryLayerParams {
  const o = { ...INIT_STATIONARY_LAYER_DEFAULTS, ...options };
  if (!(o.weightJitter >= 0 && o.weightJitter < 1)) {
    throw new InvalidArgumentError(`initStationaryLayer: weightJitter must lie in [0, 1), got ${o.weightJitter}`);
  }
  if (!(o.kappaMin > 0)) throw new InvalidArgumentError(`initStationaryLayer: kappaMin must be > 0, got ${o.kappaMin}`);
  if (!(o.kappa > o.kappaMin)) {
    throw new InvalidArgumentError(`initStationaryLayer: kappa (${o.kappa}) must exceed kappaMin (${o.kappaMin})`);
  }
  const w = new Float32Array(o.graph.weights.length);
  for (let e = 0; e < w.length; e++) w[e] = o.graph.weights[e] * (1 + o.weightJitter * (2 * rng.next() - 1));
  return {
    weights: tf.tensor1d(w, 'float32'),
    kappaRaw: tf.scalar(rawFromKappa(o.kappa, o.kappaMin), 'float32'),
    ...(o.strength === undefined ? {} : { strength: tf.scalar(o.strength, 'float32') }),
  };
}
