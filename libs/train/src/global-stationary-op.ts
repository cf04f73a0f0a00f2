import * as tf from '@tensorflow/tfjs';
import { withWeights, type WeightedGraph } from '@gsn/graph';
import type { AndersonOptions, ForwardBackwardOptions } from '@gsn/solvers';
import { anderson } from '@gsn/solvers';
import { kappaFromRaw, sigmoid, type Potential, type StationaryLayer, type StationaryOpCache } from '@gsn/stationary';
import {
  assembleSupraGraph,
  globalForwardBackward,
  globalVjp,
  penalizedForwardBackward,
  supraOperator,
  type ChannelCoupling,
  type GlobalSolve,
  type GlobalSolveOptions,
  type MultilayerNetwork,
  type NetworkGradients,
  type SupraGraph,
  type SupraOperator,
} from '@gsn/supragraph';
import { InvalidArgumentError, ShapeError, type Real } from '@gsn/tensor';

/** How the stack of stationary layers is solved: layer by layer, or as one global system (exact or penalised). */
export const SOLVE_MODES = ['layerwise', 'global', 'penalized'] as const;
export type SolveMode = (typeof SOLVE_MODES)[number];

/** The static part of the global op: structure, channels, κ_min, potential, μ, solver options. */
export interface GlobalStationaryConfig {
  /** Graph structure of every layer; its weights are replaced by each layer's edge weights. */
  readonly graph: WeightedGraph;
  readonly channels: number;
  readonly kappaMin: number;
  readonly potential: Potential;
  /** μ of the penalised relaxation (SPEC 4.8); Infinity for the exact global system (4.7). */
  readonly penalty: number;
  readonly forward: Partial<ForwardBackwardOptions>;
  readonly adjoint: Partial<AndersonOptions>;
  /** Where the global forward and adjoint solves run; default `LOCAL_GLOBAL_SOLVES` (this thread). */
  readonly solves?: GlobalSolves;
}

/**
 * The two solves of the global op on an assembled supra-graph and its operator K (M or M_μ):
 * the forward solve (Ψ*, from `options.z0`) and the adjoint, which returns the network's
 * parameter gradients formed from (Ψ*, λ). The op itself (assembly, warm starts, tensors) is
 * the same whichever solves run it (e.g. @gsn/coordinator's layer-sharded ones).
 */
export interface GlobalSolves {
  forward(supra: SupraGraph, operator: SupraOperator, x: Real, options: GlobalSolveOptions, config: GlobalStationaryConfig): GlobalSolve;
  vjp(supra: SupraGraph, operator: SupraOperator, x: Real, point: GlobalSolve, g: Real, config: GlobalStationaryConfig): NetworkGradients;
}

/** The global solves on this thread: `globalForwardBackward` / `penalizedForwardBackward` and `globalVjp`. */
export const LOCAL_GLOBAL_SOLVES: GlobalSolves = Object.freeze({
  forward: (supra: SupraGraph, operator: SupraOperator, x: Real, options: GlobalSolveOptions) =>
    Number.isFinite(operator.penalty) ? penalizedForwardBackward(supra, x, operator.penalty, options) : globalForwardBackward(supra, x, options),
  vjp: (supra: SupraGraph, operator: SupraOperator, x: Real, point: GlobalSolve, g: Real, config: GlobalStationaryConfig) =>
    globalVjp(supra, x, point, g, { solver: anderson, solverOptions: config.adjoint, penalty: operator.penalty, operator }),
});

/** The trainable inputs of the stack: per layer edge weights and κ's raw value, per coupling ℓ ≥ 2 its W and b. */
export interface GlobalStationaryParams {
  readonly weights: readonly tf.Tensor1D[];
  readonly kappaRaw: readonly tf.Scalar[];
  /** W_ℓ (2c × 2c) and b_ℓ (2c) of s_ℓ = ψ_{ℓ−1}W_ℓ + b_ℓ, ℓ = 2..L (L − 1 each). */
  readonly mixWeights: readonly tf.Tensor2D[];
  readonly mixBiases: readonly tf.Tensor1D[];
}

/**
 * All L stationary layers of gsn's network as one differentiable tfjs op, solved as one global
 * system on the supra-graph (`@gsn/supragraph`): layer 1 gets the source s_1 directly (its
 * coupling is the identity channel map), layer ℓ ≥ 2 the channel coupling s_ℓ = ψ_{ℓ−1}W_ℓ + b_ℓ.
 * Forward: `globalForwardBackward` (μ = ∞, the exact system, = layer by layer) or
 * `penalizedForwardBackward` (finite μ), Anderson-accelerated, warm-started from `cache.state`.
 * Backward (one `tf.customGrad`): one global adjoint solve (`globalVjp`, penalised for finite μ)
 * gives the gradients of s_1, every layer's edge weights and κ (dℓ/dρ = dℓ/dκ·sigmoid(ρ)), W_ℓ
 * and b_ℓ (λ_ℓ summed over nodes).
 *
 * Shapes: source (n, 2c) → global state (L·n, 2c), layer ℓ in rows [(ℓ−1)n, ℓn).
 */
export function globalStationaryOp(
  source: tf.Tensor2D,
  params: GlobalStationaryParams,
  config: GlobalStationaryConfig,
  cache?: StationaryOpCache,
): tf.Tensor2D {
  const { graph, channels, kappaMin, penalty } = config;
  const n = graph.nodes;
  const width = 2 * channels;
  const L = params.weights.length;
  if (L < 1 || params.kappaRaw.length !== L || params.mixWeights.length !== L - 1 || params.mixBiases.length !== L - 1) {
    throw new ShapeError(
      `globalStationaryOp: ${L} edge weights, ${params.kappaRaw.length} kappaRaw, ${params.mixWeights.length} mix weights, ` +
        `${params.mixBiases.length} mix biases (expected L, L, L − 1, L − 1 with L ≥ 1)`,
    );
  }
  if (source.rank !== 2 || source.shape[0] !== n || source.shape[1] !== width) {
    throw new ShapeError(`globalStationaryOp: source has shape [${source.shape}], expected [${n}, ${width}]`);
  }
  if (!(penalty > 0)) throw new InvalidArgumentError(`globalStationaryOp: penalty must be > 0 (Infinity for the exact system), got ${penalty}`);
  const identity = new Float32Array(width * width);
  for (let p = 0; p < width; p++) identity[p * width + p] = 1;

  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const ts = args as tf.Tensor[];
    const x = Float32Array.from(ts[0].dataSync());
    const weightsT = ts.slice(1, 1 + L);
    const kappaRaw = ts.slice(1 + L, 1 + 2 * L).map((t) => t.dataSync()[0]);
    const mixW = ts.slice(1 + 2 * L, 2 * L + L);
    const mixB = ts.slice(3 * L, 4 * L - 1);
    const layers: StationaryLayer[] = weightsT.map((w, l) => ({
      graph: withWeights(graph, Float32Array.from(w.dataSync())),
      channels,
      kappa: kappaFromRaw(kappaRaw[l], kappaMin),
      potential: config.potential,
    }));
    const couplings: ChannelCoupling[] = layers.map((_, l) => {
      const bias = new Float32Array(n * width);
      if (l > 0) {
        const b = mixB[l - 1].dataSync();
        for (let i = 0; i < n; i++) bias.set(b, i * width);
      }
      const weight = l === 0 ? identity : Float32Array.from(mixW[l - 1].dataSync());
      return { kind: 'channel', nOut: n, nIn: n, weight, bias };
    });
    const net: MultilayerNetwork<ChannelCoupling> = { inputNodes: n, channels, layers, couplings };
    const supra = assembleSupraGraph(net);
    const operator = supraOperator(supra, penalty);
    const warm = cache?.state?.length === L * n * width ? cache.state : undefined;
    const options = { solverOptions: config.forward, operator, ...(warm ? { z0: warm.slice() } : {}) };
    const solves = config.solves ?? LOCAL_GLOBAL_SOLVES;
    const point = solves.forward(supra, operator, x, options, config);
    const state = Float32Array.from(point.state);
    const stats = {
      forwardIterations: point.iterations,
      forwardConverged: point.converged,
      forwardResidual: point.residuals[point.residuals.length - 1] ?? 0,
    };
    if (cache) {
      cache.state = state;
      cache.stats = stats;
    }
    const value = tf.tensor2d(state, [L * n, width], 'float32');
    const gradFunc = (dy: tf.Tensor): tf.Tensor[] => {
      const g = solves.vjp(supra, operator, x, point, Float32Array.from(dy.dataSync()), config);
      if (cache) cache.stats = { ...stats, adjointIterations: g.adjointIterations };
      const biasGrad = (bias: ArrayLike<number>): tf.Tensor1D => {
        const sum = new Float32Array(width);
        for (let i = 0; i < n; i++) for (let p = 0; p < width; p++) sum[p] += bias[i * width + p];
        return tf.tensor1d(sum, 'float32');
      };
      return [
        tf.tensor2d(Float32Array.from(g.input), [n, width], 'float32'),
        ...g.layers.map((lg) => tf.tensor1d(Float32Array.from(lg.weights), 'float32')),
        ...g.layers.map((lg, l) => tf.scalar(lg.kappa * sigmoid(kappaRaw[l]), 'float32')),
        ...g.layers.slice(1).map((lg) => tf.tensor2d(Float32Array.from(lg.couplingRe), [width, width], 'float32')),
        ...g.layers.slice(1).map((lg) => biasGrad(lg.bias)),
      ];
    };
    return { value, gradFunc };
  });
  return op(source, ...params.weights, ...params.kappaRaw, ...params.mixWeights, ...params.mixBiases) as tf.Tensor2D;
}
