/**
 * The four model classes of SPEC 4.10 (plus the unrolled lift of C2') as plain records, each with
 * its own evaluation. All share the (n, 2c) state layout of `@gsn/stationary`, sparse complex
 * couplings s_ℓ = S_ℓψ_{ℓ−1} + b_ℓ (`Coupling` of `@gsn/supragraph`) and a dense real readout
 * y = R·vec(ψ_L) + r.
 *
 * - GSN: ψ_ℓ = (L_{w^ℓ} + V_ℓ + ∂Φ_ℓ)^{-1}(s_ℓ)         (`MultilayerNetwork`, forward substitution)
 * - SUP: one global system 0 ∈ MΨ + ∂Φ(Ψ) − B(x)        (`SupraGraph`, one global forward–backward)
 * - SHF: ψ_ℓ = (L_{F_ℓ} + V_ℓ + ∂Φ_ℓ)^{-1}(s_ℓ)         (`SheafLayer`s of `@gsn/sheaf`)
 * - RFF: ψ_ℓ = (I + P_ℓ + τ_ℓ∂Φ_ℓ)^{-1}(s_ℓ), P_ℓ = L_{g_ℓ} + diag(o_ℓ) ⪰ 0 or absent
 *        (absent: the minimal class, ψ = prox_{τΦ}(s), a proximal activation)
 * - unrolled: K weight-tied steps z ← prox_{αΦ}((I − αA_ℓ)z + αs_ℓ) from z = 0 per GSN layer.
 */
import { InvalidArgumentError, ShapeError, zerosLike, type Real } from '@gsn/tensor';
import { forwardBackward, type ForwardBackwardOptions } from '@gsn/solvers';
import type { WeightedGraph } from '@gsn/graph';
import { layerOperator, schrodingerOperator, type Potential } from '@gsn/stationary';
import {
  applyCoupling,
  globalForwardBackward,
  layerCount,
  forwardSubstitution,
  type Coupling,
  type MultilayerNetwork,
  type SupraGraph,
} from '@gsn/supragraph';
import { sheafLaplacian, sheafState, type Connection, type SheafLayer } from '@gsn/sheaf';

/** y = R·vec(ψ_L) + r; R dense row-major (outputs × n_L·2c). */
export interface Readout {
  readonly outputs: number;
  readonly inputs: number;
  readonly weights: Float64Array;
  readonly bias: Float64Array;
}

export interface GsnModel {
  readonly network: MultilayerNetwork;
  readonly readout: Readout;
}

export interface SupModel {
  readonly supra: SupraGraph;
  readonly readout: Readout;
}

export interface SheafNetwork {
  readonly inputNodes: number;
  readonly channels: number;
  readonly layers: readonly SheafLayer[];
  readonly couplings: readonly Coupling[];
}

export interface ShfModel {
  readonly network: SheafNetwork;
  readonly readout: Readout;
}

/**
 * J = (I + P + τ∂Φ)^{-1}; P = L_graph + diag(onsite) ⪰ 0 (L_F of `connection` when given: the
 * image of a sheaf layer under C2), absent in the minimal class.
 */
export interface ResolventLayer {
  readonly nodes: number;
  readonly potential: Potential;
  readonly scale: number;
  readonly linear?: { readonly graph: WeightedGraph; readonly onsite?: Real; readonly connection?: Connection };
}

export interface RffModel {
  readonly inputNodes: number;
  readonly channels: number;
  readonly layers: readonly ResolventLayer[];
  readonly couplings: readonly Coupling[];
  readonly readout: Readout;
}

export interface UnrolledModel {
  readonly network: MultilayerNetwork;
  readonly readout: Readout;
  /** K, steps per layer. */
  readonly depth: number;
  /** Step α_ℓ per layer (1/Λ_bound by default). */
  readonly alphas: readonly number[];
}

/** The exact solves every evaluation uses (tolerance of the forward–backward iterations). */
export interface EvaluationOptions {
  readonly solverOptions: Partial<ForwardBackwardOptions>;
}

export const EVALUATION_DEFAULTS: Readonly<EvaluationOptions> = Object.freeze({
  solverOptions: Object.freeze({ tol: 1e-15, maxIter: 100000, acceleration: 'anderson' as const }),
});

export function applyReadout(readout: Readout, state: Real): Float64Array {
  if (state.length !== readout.inputs) throw new ShapeError(`applyReadout: state has length ${state.length}, readout expects ${readout.inputs}`);
  const y = Float64Array.from(readout.bias);
  for (let k = 0; k < readout.outputs; k++) {
    let s = 0;
    for (let p = 0; p < readout.inputs; p++) s += readout.weights[k * readout.inputs + p] * state[p];
    y[k] += s;
  }
  return y;
}

/** τΦ: prox_{α(τΦ)} = prox_{(ατ)Φ}; strength hidden (the scale is not a trained parameter here). */
export function scaledPotential(potential: Potential, scale: number): Potential {
  if (!(scale > 0)) throw new InvalidArgumentError(`scaledPotential: scale must be > 0, got ${scale}`);
  if (scale === 1) return potential;
  return {
    name: `${scale}·${potential.name}`,
    gaugeInvariant: potential.gaugeInvariant,
    convex: potential.convex,
    strength: undefined,
    value: (z, c) => scale * potential.value(z, c),
    prox: (y, a, c, out) => potential.prox(y, a * scale, c, out),
    proxJvp: (y, a, c, v, out) => potential.proxJvp(y, a * scale, c, v, out),
  };
}

export function evaluateGsn(model: GsnModel, x: Real, options: EvaluationOptions = EVALUATION_DEFAULTS): Float64Array {
  const net = model.network;
  const solved = forwardSubstitution(net, x, { solver: forwardBackward, solverOptions: options.solverOptions });
  return applyReadout(model.readout, solved.layers[net.layers.length - 1].state);
}

export function evaluateSup(model: SupModel, x: Real, options: EvaluationOptions = EVALUATION_DEFAULTS): Float64Array {
  const { supra } = model;
  const solved = globalForwardBackward(supra, x, { solverOptions: options.solverOptions });
  const L = layerCount(supra);
  const w = 2 * supra.channels;
  return applyReadout(model.readout, solved.state.subarray(supra.offsets[L - 1] * w, supra.offsets[L] * w));
}

export function evaluateShf(model: ShfModel, x: Real, options: EvaluationOptions = EVALUATION_DEFAULTS): Float64Array {
  const { network } = model;
  let previous = x;
  for (let l = 0; l < network.layers.length; l++) {
    const s = applyCoupling(network.couplings[l], previous, network.channels);
    previous = sheafState(network.layers[l], s, { solver: forwardBackward, solverOptions: options.solverOptions }).state;
  }
  return applyReadout(model.readout, previous);
}

/** (I + P + τ∂Φ)^{-1}(s): the closed-form prox when P is absent, else forward–backward on I + P. */
export function resolvent(layer: ResolventLayer, s: Real, channels: number, options: EvaluationOptions = EVALUATION_DEFAULTS): Real {
  const out = zerosLike(s);
  if (!layer.linear) {
    layer.potential.prox(s, layer.scale, channels, out);
    return out;
  }
  const v = new Float64Array(layer.nodes);
  for (let i = 0; i < v.length; i++) v[i] = 1 + (layer.linear.onsite ? layer.linear.onsite[i] : 0);
  const { graph, connection } = layer.linear;
  const op = connection ? sheafLaplacian(graph, connection, channels, v) : schrodingerOperator(graph, v, channels);
  const alpha = 1 / op.lambdaBound;
  const { potential, scale } = layer;
  return forwardBackward(
    { applyA: op.apply, source: s, alpha, prox: (z, a, o) => potential.prox(z, a * scale, channels, o) },
    out,
    options.solverOptions,
  ).state;
}

export function evaluateRff(model: RffModel, x: Real, options: EvaluationOptions = EVALUATION_DEFAULTS): Float64Array {
  let previous = x;
  for (let l = 0; l < model.layers.length; l++) {
    previous = resolvent(model.layers[l], applyCoupling(model.couplings[l], previous, model.channels), model.channels, options);
  }
  return applyReadout(model.readout, previous);
}

/** K weight-tied forward–backward steps per layer from z = 0 (no tolerance: exactly K steps). */
export function evaluateUnrolled(model: UnrolledModel, x: Real): Float64Array {
  const { network, depth, alphas } = model;
  const c = network.channels;
  let previous = x;
  for (let l = 0; l < network.layers.length; l++) {
    const layer = network.layers[l];
    const op = layerOperator(layer, previous);
    const s = applyCoupling(network.couplings[l], previous, c);
    const alpha = alphas[l];
    let z = zerosLike(s);
    const az = zerosLike(s);
    const next = zerosLike(s);
    for (let k = 0; k < depth; k++) {
      op.apply(z, az);
      for (let p = 0; p < z.length; p++) az[p] = z[p] - alpha * (az[p] - s[p]);
      layer.potential.prox(az, alpha, c, next);
      z = next.slice();
    }
    previous = z;
  }
  return applyReadout(model.readout, previous);
}
