import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError, ShapeError, type Rng } from '@gsn/tensor';
import type { WeightedGraph } from '@gsn/graph';
import {
  operatorLayerOp,
  rawFromKappa,
  type OperatorLayerOpSpec,
  type StationaryLayerConfig,
  type StationaryOpCache,
} from '@gsn/stationary';
import { connectionFromParams, connectionParamsVjp } from './connection';
import { paramsPerEdge, validateConnectionSpec, type ConnectionSpec } from './restriction-maps';
import { sheafState, sheafVjp, type SheafGradients, type SheafLayer } from './sheaf-layer';

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

/** The static part: stationary's layer config (channels c a multiple of the stalk) plus the connection spec. */
export interface SheafLayerConfig<OF, OA> extends StationaryLayerConfig<OF, OA> {
  readonly connection: ConnectionSpec;
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
  validateConnectionSpec(config.connection);
  const edges = config.graph.src.length;
  const p = paramsPerEdge(config.connection);
  if (params.connection.rank !== 2 || params.connection.shape[0] !== edges || params.connection.shape[1] !== p) {
    throw new ShapeError(`sheafLayerOp: connection has shape [${params.connection.shape}], expected [${edges}, ${p}]`);
  }
  const spec: OperatorLayerOpSpec<OF, OA, SheafGradients> = {
    name: 'sheafLayerOp',
    config,
    extraInputs: [params.connection],
    build: ({ graph, kappa, potential, extra }) => {
      const theta = Float64Array.from(extra[0].dataSync());
      const layer: SheafLayer = {
        graph,
        connection: connectionFromParams(config.connection, theta, edges),
        channels: config.channels,
        kappa,
        potential,
      };
      return {
        state: (s, options) => sheafState(layer, s, options),
        vjp: (forward, s, cotangent, method) => sheafVjp(layer, forward, s, cotangent, method),
        extraGradients: (g) => [
          tf.tensor2d(Float32Array.from(connectionParamsVjp(config.connection, theta, g.maps)), [edges, p], 'float32'),
        ],
      };
    },
  };
  return operatorLayerOp(source, params, spec, cache);
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
