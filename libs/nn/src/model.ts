import type * as tf from '@tensorflow/tfjs';
import type { CsrTensor, Rng } from '@gsn/tensor';
import type { ApplyContext } from './dropout';
import type { Features } from './features';
import type { Params } from './params';

/** Sizes a model is built for. */
export interface ModelDims {
  readonly nodes: number;
  readonly features: number;
  readonly classes: number;
}

/** Full-batch inputs of a node classifier. */
export interface GraphInputs {
  readonly features: Features;
  /** `Â = D^−½ (A + I) D^−½`, the GCN-normalised adjacency with self-loops. */
  readonly adjacency: CsrTensor;
}

/** Solver statistics of the last `apply`, for models with an inner solve. */
export interface ModelStats {
  /** Iterations of the forward solve(s) of the last call (summed over layers). */
  readonly solverIterations?: number;
  /** Iterations of the adjoint solve(s) of the last backward pass. */
  readonly adjointIterations?: number;
  /** False when a forward solve of the last call stopped at its iteration cap short of its tolerance. */
  readonly converged?: boolean;
}

/**
 * A node classifier as a pair of functions (Equinox-style): `init` draws parameters from a
 * seeded generator, `apply` maps parameters and inputs to logits (`nodes × classes`).
 * Hyper-parameters are fixed when the model value is built; all trainable state is in params.
 */
export interface Model<I = GraphInputs> {
  readonly name: string;
  init(rng: Rng, dims: ModelDims): Params;
  apply(params: Params, inputs: I, ctx: ApplyContext): tf.Tensor2D;
  stats?(): ModelStats;
  /** Which parameters take weight decay (all when absent), e.g. not a graph's edge weights. */
  decays?(name: string): boolean;
  /** Which parameters must stay ≥ 0 (none when absent), e.g. a graph's edge weights. */
  nonNegative?(name: string): boolean;
  /**
   * The factor on the weight decay for a split whose labelled fraction (|train| / nodes) is
   * `labelledFraction` (1 when absent): how the model's prior weighs against a loss that is a
   * mean over the labelled nodes.
   */
  decayScale?(labelledFraction: number): number;
}
