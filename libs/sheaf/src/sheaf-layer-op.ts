import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError, ShapeError, type Rng } from '@gsn/tensor';
import { withWeights, type WeightedGraph } from '@gsn/graph';
import {
  kappaFromRaw,
  rawFromKappa,
  sigmoid,
  type AdjointMethod,
  type ForwardBackwardSolver,
  type Potential,
  type StationaryOpCache,
  type StationaryOpStats,
} from '@gsn/stationary';
import { connectionFromParams, connectionParamsVjp } from './connection';
import { paramsPerEdge, validateConnectionSpec, type ConnectionSpec } from './restriction-maps';
import { sheafState, sheafVjp, type SheafLayer } from './sheaf-layer';

/**
 * The trainable tensors of one sheaf layer. `connection` holds the map parameters θ_e per edge
 * (edges × P): a variable for free per-edge maps, or the output of `predictConnectionParams`
 * (maps predicted from node features, as Neural Sheaf Diffusion does) — the op returns dℓ/dθ
 * either way and tfjs carries it on.
 */
export interface SheafLayerParams {
  readonly weights: tf.Tensor1D;
  readonly kappaRaw: tf.Scalar;
  readonly connection: tf.Tensor2D;
  readonly strength?: tf.Scalar;
}

/** The static part: graph structure, connection spec, potential kind, solvers. */
export interface SheafLayerConfig<OF, OA> {
  readonly graph: WeightedGraph;
  /** c, a multiple of the stalk dimension. */
  readonly channels: number;
  readonly connection: ConnectionSpec;
  readonly kappaMin: number;
  readonly potential: Potential;
  readonly forward: { readonly solver: ForwardBackwardSolver<OF>; readonly options: OF };
  readonly adjoint: AdjointMethod<OA>;
}

/**
 * One sheaf-stationary layer as a tfjs op (tf.customGrad, float32 at the boundary; maps in
 * float64): ψ* = (L_F + κ + ∂Φ)^{-1}(s) with gradients for source, weights, kappaRaw, connection
 * parameters and strength from one adjoint solve. Warm start and statistics through `cache`
 * (stationary's `createStationaryOpCache`).
 *
 * Shapes: source (n, 2c) → state (n, 2c); connection (edges, P).
 */
export function sheafLayerOp<OF, OA>(
  source: tf.Tensor2D,
  params: SheafLayerParams,
  config: SheafLayerConfig<OF, OA>,
  cache?: StationaryOpCache,
): tf.Tensor2D {
  const { graph, channels, kappaMin } = config;
  validateConnectionSpec(config.connection);
  const n = graph.nodes;
  const edges = graph.src.length;
  const p = paramsPerEdge(config.connection);
  if (source.rank !== 2 || source.shape[0] !== n || source.shape[1] !== 2 * channels) {
    throw new ShapeError(`sheafLayerOp: source has shape [${source.shape}], expected [${n}, ${2 * channels}]`);
  }
  if (params.weights.rank !== 1 || params.weights.shape[0] !== edges) {
    throw new ShapeError(`sheafLayerOp: weights has shape [${params.weights.shape}], expected [${edges}]`);
  }
  if (params.connection.rank !== 2 || params.connection.shape[0] !== edges || params.connection.shape[1] !== p) {
    throw new ShapeError(`sheafLayerOp: connection has shape [${params.connection.shape}], expected [${edges}, ${p}]`);
  }
  const hasStrength = params.strength !== undefined;
  if (hasStrength && !config.potential.withStrength) {
    throw new InvalidArgumentError(`sheafLayerOp: potential '${config.potential.name}' has no strength parameter`);
  }
  const inputs: tf.Tensor[] = [source, params.weights, params.kappaRaw, params.connection];
  if (params.strength) inputs.push(params.strength);

  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [sourceT, weightsT, kappaRawT, connectionT, strengthT] = args as tf.Tensor[];
    const s = Float32Array.from(sourceT.dataSync());
    const kappaRaw = kappaRawT.dataSync()[0];
    const theta = Float64Array.from(connectionT.dataSync());
    const potential = hasStrength && config.potential.withStrength ? config.potential.withStrength(strengthT.dataSync()[0]) : config.potential;
    const layer: SheafLayer = {
      graph: withWeights(graph, weightsT.dataSync()),
      connection: connectionFromParams(config.connection, theta, edges),
      channels,
      kappa: kappaFromRaw(kappaRaw, kappaMin),
      potential,
    };
    const warm = cache?.state?.length === s.length ? cache.state : undefined;
    const forward = sheafState(layer, s, { solver: config.forward.solver, solverOptions: config.forward.options, z0: warm });
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
      const g = sheafVjp(layer, forward, s, Float32Array.from(dy.dataSync()), config.adjoint);
      if (cache) cache.stats = { ...stats, adjointIterations: g.adjointIterations };
      const grads: tf.Tensor[] = [
        tf.tensor2d(Float32Array.from(g.source), [n, 2 * channels], 'float32'),
        tf.tensor1d(Float32Array.from(g.weights), 'float32'),
        tf.scalar(g.kappa * sigmoid(kappaRaw), 'float32'),
        tf.tensor2d(Float32Array.from(connectionParamsVjp(config.connection, theta, g.maps)), [edges, p], 'float32'),
      ];
      if (hasStrength) grads.push(tf.scalar(g.strength ?? 0, 'float32'));
      return grads;
    };
    return { value, gradFunc };
  });
  return op(...inputs) as tf.Tensor2D;
}

/**
 * Map parameters predicted from node features (Neural Sheaf Diffusion style):
 * θ_e = tanh([h_src ‖ h_dst] W + b) · scale, one row per edge. Plain tfjs ops, so dℓ/dW, dℓ/db,
 * dℓ/dh come from tfjs autodiff on top of `sheafLayerOp`'s dℓ/dθ.
 *
 * Shapes: features (n, F); weight (2F, P); bias (P) → (edges, P).
 */
export function predictConnectionParams(
  features: tf.Tensor2D,
  graph: WeightedGraph,
  weight: tf.Tensor2D,
  bias: tf.Tensor1D,
  scale = Math.PI,
): tf.Tensor2D {
  return tf.tidy(() => {
    const src = tf.tensor1d(graph.src, 'int32');
    const dst = tf.tensor1d(graph.dst, 'int32');
    const pair = tf.concat([tf.gather(features, src), tf.gather(features, dst)], 1) as tf.Tensor2D;
    return tf.mul(tf.tanh(tf.add(tf.matMul(pair, weight), bias)), scale) as tf.Tensor2D;
  });
}

export interface InitSheafLayerOptions {
  readonly graph: WeightedGraph;
  readonly connection: ConnectionSpec;
  readonly kappa: number;
  readonly kappaMin: number;
  readonly strength?: number;
  /** Map parameters uniform in [−s, s) (0: the identity connection, the plain GSN layer). */
  readonly connectionScale: number;
}

export const INIT_SHEAF_LAYER_DEFAULTS = Object.freeze({ kappa: 1, kappaMin: 0.1, connectionScale: 0 });

export function initSheafLayer(
  rng: Rng,
  options: Pick<InitSheafLayerOptions, 'graph' | 'connection'> & Partial<InitSheafLayerOptions>,
): SheafLayerParams {
  const o = { ...INIT_SHEAF_LAYER_DEFAULTS, ...options };
  if (!(o.connectionScale >= 0)) throw new InvalidArgumentError(`initSheafLayer: connectionScale must be >= 0, got ${o.connectionScale}`);
  const edges = o.graph.src.length;
  const p = paramsPerEdge(o.connection);
  const theta = Float32Array.from({ length: edges * p }, () => o.connectionScale * (2 * rng.next() - 1));
  return {
    weights: tf.tensor1d(Float32Array.from(o.graph.weights), 'float32'),
    kappaRaw: tf.scalar(rawFromKappa(o.kappa, o.kappaMin), 'float32'),
    connection: tf.tensor2d(theta, [edges, p], 'float32'),
    ...(o.strength === undefined ? {} : { strength: tf.scalar(o.strength, 'float32') }),
  };
}
