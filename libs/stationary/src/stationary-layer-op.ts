import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError, ShapeError } from '@gsn/tensor';
import { withWeights, type WeightedGraph } from '@gsn/graph';
import type { Potential } from './potential';
import { kappaFromRaw, sigmoid } from './schrodinger-operator';
import { stationaryVjp, type AdjointMethod } from './stationary-adjoint';
import type { StationaryLayer } from './stationary-layer';
import type { StationaryLayerParams } from './stationary-params';
import { stationaryState, type ForwardBackwardSolver } from './stationary-state';

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
  const { graph, channels, kappaMin } = config;
  const n = graph.nodes;
  if (source.rank !== 2 || source.shape[0] !== n || source.shape[1] !== 2 * channels) {
    throw new ShapeError(`stationaryLayerOp: source has shape [${source.shape}], expected [${n}, ${2 * channels}]`);
  }
  if (params.weights.rank !== 1 || params.weights.shape[0] !== graph.src.length) {
    throw new ShapeError(`stationaryLayerOp: weights has shape [${params.weights.shape}], expected [${graph.src.length}]`);
  }
  const hasStrength = params.strength !== undefined;
  if (hasStrength && !config.potential.withStrength) {
    throw new InvalidArgumentError(`stationaryLayerOp: potential '${config.potential.name}' has no strength parameter`);
  }
  const inputs: tf.Tensor[] = [source, params.weights, params.kappaRaw];
  if (params.strength) inputs.push(params.strength);

  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [sourceT, weightsT, kappaRawT, strengthT] = args as tf.Tensor[];
    const s = Float32Array.from(sourceT.dataSync());
    const kappaRaw = kappaRawT.dataSync()[0];
    const potential =
      hasStrength && config.potential.withStrength
        ? config.potential.withStrength(strengthT.dataSync()[0])
        : config.potential;
    const layer: StationaryLayer = {
      graph: withWeights(graph, weightsT.dataSync()),
      channels,
      kappa: kappaFromRaw(kappaRaw, kappaMin),
      potential,
    };
    const warm = cache?.state?.length === s.length ? cache.state : undefined;
    const forward = stationaryState(layer, s, {
      solver: config.forward.solver,
      solverOptions: config.forward.options,
      z0: warm,
    });
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
    const value = tf.tensor2d(state, [n, 2 * channels], 'float32');
    const gradFunc = (dy: tf.Tensor): tf.Tensor[] => {
      const g = stationaryVjp(layer, forward, s, Float32Array.from(dy.dataSync()), config.adjoint);
      if (cache) cache.stats = { ...stats, adjointIterations: g.adjointIterations };
      const grads: tf.Tensor[] = [
        tf.tensor2d(Float32Array.from(g.source), [n, 2 * channels], 'float32'),
        tf.tensor1d(Float32Array.from(g.weights), 'float32'),
        tf.scalar(g.kappa * sigmoid(kappaRaw), 'float32'),
      ];
      if (hasStrength) grads.push(tf.scalar(g.strength ?? 0, 'float32'));
      return grads;
    };
    return { value, gradFunc };
  });
  return op(...inputs) as tf.Tensor2D;
}
