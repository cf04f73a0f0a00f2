import * as tf from '@tensorflow/tfjs';
import { degreeCounts, withWeights, type WeightedGraph } from '@gsn/graph';
import type { GraphInputs, Model, Params } from '@gsn/nn';
import { dropout, dropoutFeatures, initLinear, linear, readout } from '@gsn/nn';
import { anderson, forwardBackward, type AndersonOptions, type ForwardBackwardOptions } from '@gsn/solvers';
import {
  createStationaryOpCache,
  initStationaryLayer,
  reluPotential,
  stationaryLayerOp,
  type Potential,
  type StationaryLayerConfig,
  type StationaryOpCache,
} from '@gsn/stationary';
import { InvalidArgumentError } from '@gsn/tensor';
import { globalStationaryOp, SOLVE_MODES, type SolveMode } from './global-stationary-op';

export interface StationaryNetworkOptions {
  /** Stationary layers L. */
  readonly layers: number;
  /** Complex channels c per node (the state is n × 2c: [u, v]). */
  readonly channels: number;
  /** Dropout on the input features (nonzeros only) and on the state before the readout. */
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
  /**
   * 'layerwise': one `stationaryLayerOp` per layer; 'global': all layers as one exact global
   * system (`globalStationaryOp`, same function); 'penalized': the relaxation with μ = `penalty`.
   */
  readonly solve: SolveMode;
  readonly penalty: number;
}

export type EdgeInit = 'symmetric' | 'unit';

export const STATIONARY_NETWORK_DEFAULTS: StationaryNetworkOptions = Object.freeze({
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
  solve: 'layerwise',
  penalty: 1000,
});

function validate(o: StationaryNetworkOptions): StationaryNetworkOptions {
  for (const k of ['layers', 'channels', 'maxIter'] as const) {
    if (!(Number.isInteger(o[k]) && o[k] > 0)) throw new InvalidArgumentError(`stationaryNetwork: ${k} = ${o[k]} is not a positive integer`);
  }
  if (!(o.dropout >= 0 && o.dropout < 1)) throw new InvalidArgumentError(`stationaryNetwork: dropout = ${o.dropout} is not in [0, 1)`);
  if (!(o.kappaMin > 0 && o.kappa > o.kappaMin)) {
    throw new InvalidArgumentError(`stationaryNetwork: kappa = ${o.kappa} must exceed kappaMin = ${o.kappaMin} > 0`);
  }
  if (!(o.tol > 0)) throw new InvalidArgumentError(`stationaryNetwork: tol = ${o.tol} is not positive`);
  if (o.edgeInit !== 'symmetric' && o.edgeInit !== 'unit') {
    throw new InvalidArgumentError(`stationaryNetwork: edgeInit = ${String(o.edgeInit)} is not 'symmetric' or 'unit'`);
  }
  if (!SOLVE_MODES.includes(o.solve)) throw new InvalidArgumentError(`stationaryNetwork: solve = ${String(o.solve)} is not one of ${SOLVE_MODES.join(', ')}`);
  if (!(o.penalty > 0 && Number.isFinite(o.penalty))) throw new InvalidArgumentError(`stationaryNetwork: penalty = ${o.penalty} is not a finite number > 0`);
  if (!o.potential.convex) throw new InvalidArgumentError(`stationaryNetwork: potential '${o.potential.name}' is not convex`);
  return o;
}

const edgeWeights = (l: number) => `layer${l}.edgeWeights`;
const kappaRaw = (l: number) => `layer${l}.kappaRaw`;

/**
 * A graph-stationary network on `graph` (the dataset's graph structure; its edge weights are
 * learned, starting from 1):
 *
 *   s₀ = drop(X) W_in + b_in,   ψ_l = T_l(s_l) (stationary layer l, `stationaryLayerOp`),
 *   s_{l+1} = ψ_l W_l + b_l,    logits = drop(ψ_{L−1}) W_out + b_out  (readout of [u, v]).
 *
 * Forward solves by forward–backward splitting with Anderson acceleration, warm-started from
 * the last evaluation-mode state; gradients by one adjoint solve per layer (prox form).
 * Parameters: `input.*`, `mix<l>.*`, `readout.*`, and per layer `layer<l>.edgeWeights` (one
 * per edge, no weight decay, kept ≥ 0 through `nonNegative`) and `layer<l>.kappaRaw`.
 * `stats()` reports the forward (and adjoint) iterations of the last call, summed over layers.
 *
 * Shapes: X (n × d), s_l and ψ_l (n × 2c), logits (n × classes).
 */
export function stationaryNetwork(
  graph: WeightedGraph,
  options: Partial<StationaryNetworkOptions> = {},
): Model<GraphInputs> {
  const o = validate({ ...STATIONARY_NETWORK_DEFAULTS, ...options });
  const structure = withWeights(graph, initialEdgeWeights(graph, o.edgeInit));
  // A solve that stops at maxIter short of tol is a value here, not an error: one slow epoch
  // (κ near κ_min, large weights) should not end a run. `stats().converged` reports it and
  // the trainer counts such epochs.
  const forwardOptions: Partial<ForwardBackwardOptions> = { tol: o.tol, maxIter: o.maxIter, acceleration: 'anderson', throwOnFail: false };
  const adjointOptions: Partial<AndersonOptions> = { tol: o.tol, maxIter: o.maxIter, throwOnFail: false };
  const config: StationaryLayerConfig<Partial<ForwardBackwardOptions>, Partial<AndersonOptions>> = {
    graph: structure,
    channels: o.channels,
    kappaMin: o.kappaMin,
    potential: o.potential,
    forward: { solver: forwardBackward, options: forwardOptions },
    adjoint: { form: 'prox', solver: anderson, solverOptions: adjointOptions },
  };
  // Warm starts: every solve starts from the last evaluation state (dropout off). A training
  // source differs from it by one dropout draw, from the previous training source by two, so
  // this start is the closer one (Cora, first epochs: ~85 forward iterations against ~100 from
  // the previous training state, and ~220 for evaluation started from a training state).
  // Training calls get a scratch cache so they never move the evaluation state.
  const freshCaches = () => Array.from({ length: o.solve === 'layerwise' ? o.layers : 1 }, () => createStationaryOpCache());
  const globalConfig = {
    ...config,
    penalty: o.solve === 'penalized' ? o.penalty : Infinity,
    forward: forwardOptions,
    adjoint: adjointOptions,
  };
  let evaluation = freshCaches();
  let last: StationaryOpCache[] = evaluation;
  const width = 2 * o.channels;
  return {
    name: 'stationary',
    init(rng, dims) {
      if (dims.nodes !== graph.nodes) {
        throw new InvalidArgumentError(`stationaryNetwork: the graph has ${graph.nodes} nodes, the task ${dims.nodes}`);
      }
      evaluation = freshCaches();
      last = evaluation;
      const params: Record<string, tf.Tensor> = { ...initLinear(rng, 'input', dims.features, width) };
      for (let l = 0; l < o.layers; l++) {
        if (l > 0) Object.assign(params, initLinear(rng, `mix${l}`, width, width));
        const layer = initStationaryLayer(rng, { graph: structure, kappa: o.kappa, kappaMin: o.kappaMin });
        params[edgeWeights(l)] = layer.weights;
        params[kappaRaw(l)] = layer.kappaRaw;
      }
      return { ...params, ...initLinear(rng, 'readout', o.skip ? 2 * width : width, dims.classes) };
    },
    apply(params: Params, { features }, ctx) {
      last = ctx.training ? evaluation.map((c) => ({ state: c.state, stats: undefined })) : evaluation;
      let source = linear(params, 'input', dropoutFeatures(features, o.dropout, ctx));
      const first = source;
      let psi = source;
      if (o.solve !== 'layerwise') {
        const range = Array.from({ length: o.layers }, (_, l) => l);
        const all = globalStationaryOp(
          source,
          {
            weights: range.map((l) => params[edgeWeights(l)] as tf.Tensor1D),
            kappaRaw: range.map((l) => params[kappaRaw(l)] as tf.Scalar),
            mixWeights: range.slice(1).map((l) => params[`mix${l}.weight`] as tf.Tensor2D),
            mixBiases: range.slice(1).map((l) => params[`mix${l}.bias`] as tf.Tensor1D),
          },
          globalConfig,
          last[0],
        );
        psi = tf.slice(all, [(o.layers - 1) * graph.nodes, 0], [graph.nodes, width]);
      } else for (let l = 0; l < o.layers; l++) {
        if (l > 0) source = linear(params, `mix${l}`, psi);
        const layerParams = { weights: params[edgeWeights(l)] as tf.Tensor1D, kappaRaw: params[kappaRaw(l)] as tf.Scalar };
        psi = stationaryLayerOp(source, layerParams, config, last[l]);
      }
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
    decays: (name) => !name.endsWith('.edgeWeights') && !name.endsWith('.kappaRaw'),
    nonNegative: (name) => name.endsWith('.edgeWeights'),
  };
}

/**
 * 'symmetric': w_ij = 1/√(d_i d_j) from the binary degrees (self-loops not counted), the
 * weighting of the symmetric normalized Laplacian (GCN's, APPNP's): weighted degrees are O(1)
 * to O(√d) instead of d, so Λ(H) ≤ 2 d_max(w) + κ stays small and the forward–backward rate
 * q = 1 − κ/Λ does not degrade with the largest hub. 'unit': w_ij = 1.
 */
function initialEdgeWeights(graph: WeightedGraph, init: EdgeInit): Float32Array {
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
