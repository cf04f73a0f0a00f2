import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError, ShapeError, type Real } from '@gsn/tensor';
import { withWeights, type WeightedGraph } from '@gsn/graph';
import type { Potential } from './potential';
import { kappaFromRaw, sigmoid } from './schrodinger-operator';
import { stationaryVjp, type AdjointMethod, type StationaryGradients } from './stationary-adjoint';
import type { StationaryLayer } from './stationary-layer';
import type { StationaryLayerParams } from './stationary-params';
import {
  stationaryState,
  type ForwardBackwardSolver,
  type StationaryState,
  type StationaryStateOptions,
} from './stationary-state';

/** The static part of a layer for the tfjs op: structure, potential kind, solvers. */
export interface StationaryLayerConfig<OF, OA> {
  /** Graph structure (undirected); its weights are replaced by `params.weights`. */
  readonly graph: WeightedGraph;
  readonly channels: number;
  readonly kappaMin: number;
  /** The potential; its strength is replaced by `params.strength` when given. */
  readonly potential: Potential;
  readonly forward: { readonly solver: ForwardBackwardSolver<OF>; readonly options: OF };
  readonly adjoint: AdjointMethod<OA>;
}

/** Solver statistics of the last call, for logging. */
export interface StationaryOpStats {
  readonly forwardIterations: number;
  readonly forwardConverged: boolean;
  readonly forwardResidual: number;
  /** Set once the backward pass ran. */
  readonly adjointIterations?: number;
}

/**
 * What a layer op carries from one call to the next, owned by the caller: the last state (the
 * warm start of the next forward solve) and the last solver statistics. Mutable by design.
 */
export interface StationaryOpCache {
  state: Float32Array | undefined;
  stats: StationaryOpStats | undefined;
}

export function createStationaryOpCache(): StationaryOpCache {
  return { state: undefined, stats: undefined };
}

/**
 * One stationary layer as a differentiable tfjs op: ψ* = T(s; w, κ, β) computed by the
 * float32 typed-array core (warm-started from `cache.state` when given), with gradients for
 * source, weights, kappaRaw and strength from one adjoint solve (tf.customGrad; nothing of
 * the forward iterations is kept).
 *
 * Shapes: source (n, 2c) in the layout of `state-layout.ts` → state (n, 2c).
 *
 * @example
 * const psi = stationaryLayerOp(source, params, config, cache);
 * cache.stats?.forwardIterations;
 */
export function stationaryLayerOp<OF, OA>(
  source: tf.Tensor2D,
  params: StationaryLayerParams,
  config: StationaryLayerConfig<OF, OA>,
  cache?: StationaryOpCache,
): tf.Tensor2D {
  const spec: OperatorLayerOpSpec<OF, OA, StationaryGradients> = {
    name: 'stationaryLayerOp',
    config,
    extraInputs: [],
    build: ({ graph, kappa, potential }) => {
      const layer: StationaryLayer = { graph, channels: config.channels, kappa, potential };
      return {
        state: (s, options) => stationaryState(layer, s, options),
        vjp: (forward, s, cotangent, method) => stationaryVjp(layer, forward, s, cotangent, method),
        extraGradients: () => [],
      };
    },
  };
  return operatorLayerOp(source, params, spec, cache);
}

/** The gradients every stationary-type layer op returns for source, weights, κ and strength. */
export interface LayerOpGradients {
  readonly source: Real;
  readonly weights: Real;
  readonly kappa: number;
  readonly strength: number | undefined;
  readonly adjointIterations: number;
}

/** One layer at the op's current parameter values: its solve and its reverse mode. */
export interface OperatorLayer<OF, OA, G extends LayerOpGradients> {
  state(source: Real, options: StationaryStateOptions<OF>): StationaryState;
  vjp(forward: StationaryState, source: Real, cotangent: Real, method: AdjointMethod<OA>): G;
  /** The gradient tensors of `extraInputs`, in their order. */
  extraGradients(gradients: G): tf.Tensor[];
}

/**
 * What makes a stationary-type tfjs op: the shared config (graph structure, channels, κ_min,
 * potential, solvers), trainable inputs beyond source, weights, kappaRaw and strength (e.g.
 * connection parameters; the caller checks their shapes), and the layer at given values.
 */
export interface OperatorLayerOpSpec<OF, OA, G extends LayerOpGradients> {
  /** Names the op in error messages. */
  readonly name: string;
  readonly config: StationaryLayerConfig<OF, OA>;
  /** Inputs placed after kappaRaw (and before strength). */
  readonly extraInputs: readonly tf.Tensor[];
  build(values: {
    readonly graph: WeightedGraph;
    readonly kappa: number;
    readonly potential: Potential;
    readonly extra: readonly tf.Tensor[];
  }): OperatorLayer<OF, OA, G>;
}

/**
 * The operator-independent tfjs op of a stationary-type layer (`stationaryLayerOp`, the sheaf
 * op): input checks, the float32 forward solve warm-started from `cache.state`, the cache's
 * state and statistics, and one adjoint solve giving the gradients of source, weights, kappaRaw
 * (dℓ/dρ = dℓ/dκ · sigmoid(ρ)), the extra inputs and strength.
 *
 * Shapes: source (n, 2c) → state (n, 2c); weights (edges).
 */
export function operatorLayerOp<OF, OA, G extends LayerOpGradients>(
  source: tf.Tensor2D,
  params: StationaryLayerParams,
  spec: OperatorLayerOpSpec<OF, OA, G>,
  cache?: StationaryOpCache,
): tf.Tensor2D {
  const { name, config } = spec;
  const { graph, channels, kappaMin } = config;
  const n = graph.nodes;
  const width = 2 * channels;
  if (source.rank !== 2 || source.shape[0] !== n || source.shape[1] !== width) {
    throw new ShapeError(`${name}: source has shape [${source.shape}], expected [${n}, ${width}]`);
  }
  if (params.weights.rank !== 1 || params.weights.shape[0] !== graph.src.length) {
    throw new ShapeError(`${name}: weights has shape [${params.weights.shape}], expected [${graph.src.length}]`);
  }
  const hasStrength = params.strength !== undefined;
  if (hasStrength && !config.potential.withStrength) {
    throw new InvalidArgumentError(`${name}: potential '${config.potential.name}' has no strength parameter`);
  }
  const extraCount = spec.extraInputs.length;
  const inputs: tf.Tensor[] = [source, params.weights, params.kappaRaw, ...spec.extraInputs];
  if (params.strength) inputs.push(params.strength);

  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [sourceT, weightsT, kappaRawT, ...rest] = args as tf.Tensor[];
    const extra = rest.slice(0, extraCount);
    const s = Float32Array.from(sourceT.dataSync());
    const kappaRaw = kappaRawT.dataSync()[0];
    const potential =
      hasStrength && config.potential.withStrength
        ? config.potential.withStrength(rest[extraCount].dataSync()[0])
        : config.potential;
    const layer = spec.build({
      graph: withWeights(graph, weightsT.dataSync()),
      kappa: kappaFromRaw(kappaRaw, kappaMin),
      potential,
      extra,
    });
    const warm = cache?.state?.length === s.length ? cache.state : undefined;
    const forward = layer.state(s, { solver: config.forward.solver, solverOptions: config.forward.options, z0: warm });
    const state = Float32Array.from(forward.state);
    const stats: StationaryOpStats = {
      forwardIterations: forward.iterations,
      forwardConverged: forward.converged,
      forwardResidual: forward.residuals[forward.residuals.length - 1] ?? 0,
    };
    if (cache) {
      cache.state = state;
      cache.stats = stats;
    }
    const value = tf.tensor2d(state, [n, width], 'float32');
    const gradFunc = (dy: tf.Tensor): tf.Tensor[] => {
      const g = layer.vjp(forward, s, Float32Array.from(dy.dataSync()), config.adjoint);
      if (cache) cache.stats = { ...stats, adjointIterations: g.adjointIterations };
      const grads: tf.Tensor[] = [
        tf.tensor2d(Float32Array.from(g.source), [n, width], 'float32'),
        tf.tensor1d(Float32Array.from(g.weights), 'float32'),
        tf.scalar(g.kappa * sigmoid(kappaRaw), 'float32'),
        ...layer.extraGradients(g),
      ];
      if (hasStrength) grads.push(tf.scalar(g.strength ?? 0, 'float32'));
      return grads;
    };
    return { value, gradFunc };
  });
  return op(...inputs) as tf.Tensor2D;
}
