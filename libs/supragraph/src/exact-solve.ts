import { InvalidArgumentError, zerosLike, type Real } from '@gsn/tensor';
import { forwardBackward, type ForwardBackwardOptions, type SolveResult } from '@gsn/solvers';
import { stationaryState, type StationaryState, type StationaryStateOptions } from '@gsn/stationary';
import { addCouplingProduct } from './coupling';
import { blockProx } from './block-potential';
import { globalConditions, type GlobalConditions } from './global-conditions';
import { layerOffsets, layerView, type MultilayerNetwork } from './multilayer-network';
import type { LayerCoupling } from './coupling';
import { disassembleLayerSupraGraph, type SupraGraph } from './supra-graph';
import { applySupraOperator, globalSource, supraOperator, type SupraOperator } from './supra-operator';

/** How each single layer is solved (stationary's forward: solver, its options, optional α). */
export type LayerSolve<O> = Omit<StationaryStateOptions<O>, 'z0'>;

/** The source s_ℓ = S_ℓ ψ_{ℓ−1} + b_ℓ of layer ℓ (0-based l), ψ_0 = x. */
export function layerSource(net: MultilayerNetwork<LayerCoupling>, l: number, previous: Real): Real {
  const s = net.couplings[l].bias.slice();
  addCouplingProduct(net.couplings[l], previous, net.channels, 1, s);
  return s;
}

/** The result of the layer-by-layer forward pass: global state, each layer's solve and source. */
export interface ForwardSubstitution {
  readonly state: Real;
  readonly layers: readonly StationaryState[];
  readonly sources: readonly Real[];
  /** Forward iterations summed over layers. */
  readonly iterations: number;
}

/**
 * Forward substitution on the block lower-bidiagonal M (SPEC 4.7 (i)): ψ_ℓ = T_ℓ(S_ℓψ_{ℓ−1} + b_ℓ)
 * for ℓ = 1..L, i.e. ordinary inference. x (inputNodes, 2c) → state (N, 2c).
 */
export function forwardSubstitution<O>(net: MultilayerNetwork<LayerCoupling>, x: Real, solve: LayerSolve<O>): ForwardSubstitution {
  const offsets = layerOffsets(net);
  const state = new (x.constructor as Float64ArrayConstructor)(offsets[net.layers.length] * 2 * net.channels);
  const layers: StationaryState[] = [];
  const sources: Real[] = [];
  let previous = x;
  let iterations = 0;
  for (let l = 0; l < net.layers.length; l++) {
    const source = layerSource(net, l, previous);
    const solved = stationaryState(net.layers[l], source, solve);
    layerView(state, offsets, l, net.channels).set(solved.state);
    layers.push(solved);
    sources.push(source);
    iterations += solved.iterations;
    previous = solved.state;
  }
  return { state, layers, sources, iterations };
}

/**
 * Global block-Jacobi (SPEC 4.7 (ii)): Ψ^{k+1}_ℓ = T_ℓ(S_ℓΨ^k_{ℓ−1} + b_ℓ) for all layers at once
 * (each warm-started from Ψ^k_ℓ). The coupling is nilpotent, so Ψ^L is the exact solution from
 * any Ψ^0. Returns Ψ^0, Ψ^1, …, Ψ^sweeps.
 */
export function blockJacobi<O>(net: MultilayerNetwork<LayerCoupling>, x: Real, psi0: Real, sweeps: number, solve: LayerSolve<O>): Real[] {
  if (!(Number.isInteger(sweeps) && sweeps >= 0)) throw new InvalidArgumentError(`blockJacobi: sweeps must be an integer ≥ 0, got ${sweeps}`);
  const offsets = layerOffsets(net);
  const c = net.channels;
  const iterates: Real[] = [psi0.slice()];
  for (let k = 0; k < sweeps; k++) {
    const old = iterates[k];
    const next = zerosLike(old);
    for (let l = 0; l < net.layers.length; l++) {
      const previous = l === 0 ? x : layerView(old, offsets, l - 1, c);
      const source = layerSource(net, l, previous);
      const solved = stationaryState(net.layers[l], source, { ...solve, z0: layerView(old, offsets, l, c).slice() });
      layerView(next, offsets, l, c).set(solved.state);
    }
    iterates.push(next);
  }
  return iterates;
}

/** Options of the global forward–backward solves (exact and penalised). */
export interface GlobalSolveOptions {
  /** Options of `forwardBackward` of `@gsn/solvers` (tolerance, iterations, Anderson). */
  readonly solverOptions?: Partial<ForwardBackwardOptions>;
  /** Step; default 2/(κ_min + Λ_max). */
  readonly alpha?: number;
  /** Warm start; zero when absent. */
  readonly z0?: Real;
  /** A prebuilt operator (reused across calls, e.g. in training). */
  readonly operator?: SupraOperator;
}

/** A global solve: the solver's result, the step used, and the network's conditions. */
export interface GlobalSolve extends SolveResult {
  readonly alpha: number;
  readonly source: Real;
  readonly conditions: GlobalConditions;
}

/** The global forward–backward iteration Ψ⁺ = prox_{αΦ}(Ψ − α(KΨ − B(x))) for K = M or M_μ. */
export function globalForwardBackwardWith(supra: SupraGraph, op: SupraOperator, x: Real, options: GlobalSolveOptions): GlobalSolve {
  const conditions = globalConditions(disassembleLayerSupraGraph(supra));
  const alpha = options.alpha ?? 2 / (conditions.kappaMin + conditions.lambdaMax);
  if (!(alpha > 0 && alpha < 2 / conditions.lambdaMax)) {
    throw new InvalidArgumentError(`globalForwardBackward: alpha = ${alpha} must lie in (0, 2/Λ_max) = (0, ${2 / conditions.lambdaMax})`);
  }
  const source = globalSource(supra, x);
  const result = forwardBackward(
    {
      applyA: (z, out) => applySupraOperator(op, z, out),
      source,
      alpha,
      prox: (z, a, out) => blockProx(supra, z, a, out),
    },
    options.z0 ?? zerosLike(source),
    options.solverOptions,
  );
  return { ...result, alpha, source, conditions };
}

/**
 * One global forward–backward iteration on all layers at once (SPEC 4.7 (iii)) on the exact
 * system 0 ∈ MΨ + ∂Φ(Ψ) − B(x). Converges for every α ∈ (0, 2/Λ_max) (block-triangular
 * cascade of layer contractions; `conditions` also reports the weighted strong monotonicity).
 */
export function globalForwardBackward(supra: SupraGraph, x: Real, options: GlobalSolveOptions = {}): GlobalSolve {
  const op = options.operator ?? supraOperator(supra);
  if (Number.isFinite(op.penalty)) throw new InvalidArgumentError('globalForwardBackward: the operator is penalised; use penalizedForwardBackward');
  return globalForwardBackwardWith(supra, op, x, options);
}
