import { InvalidArgumentError, zerosLike, type Real } from '@gsn/tensor';
import type { FixedPointMap } from '@gsn/solvers';
import { stationaryVjp, type AdjointMethod, type FixedPointSolver, realInner } from '@gsn/stationary';
import { addCouplingAdjointProduct } from './coupling';
import { blockProxJvp } from './block-potential';
import type { ForwardSubstitution } from './exact-solve';
import { layerOffsets, layerView, type MultilayerNetwork } from './multilayer-network';
import type { LayerCoupling } from './coupling';
import { assembleNetworkGradients, type NetworkGradients } from './network-gradients';
import { disassembleLayerSupraGraph, layerCount, type SupraGraph } from './supra-graph';
import { applySupraOperator, applySupraOperatorAdjoint, supraOperator, type SupraOperator } from './supra-operator';

/**
 * Layer-by-layer reverse mode (the reference): for ℓ = L..1, one stationary adjoint of
 * `@gsn/stationary` with cotangent g_ℓ + S_{ℓ+1}^†λ_{ℓ+1}, i.e. back-substitution on the block
 * upper-bidiagonal Jᵀ (SPEC 4.7). g (N, 2c) = ∂ℓ/∂Ψ.
 */
export function layerwiseVjp<O>(
  net: MultilayerNetwork<LayerCoupling>,
  x: Real,
  forward: ForwardSubstitution,
  g: Real,
  method: AdjointMethod<O>,
): NetworkGradients {
  const offsets = layerOffsets(net);
  const c = net.channels;
  const lambda = zerosLike(forward.state);
  const strengths: (number | undefined)[] = [];
  let iterations = 0;
  for (let l = net.layers.length - 1; l >= 0; l--) {
    const cotangent = layerView(g, offsets, l, c).slice();
    if (l + 1 < net.layers.length) addCouplingAdjointProduct(net.couplings[l + 1], layerView(lambda, offsets, l + 1, c), c, 1, cotangent);
    const grads = stationaryVjp(net.layers[l], forward.layers[l], forward.sources[l], cotangent, method);
    layerView(lambda, offsets, l, c).set(grads.source);
    strengths[l] = grads.strength;
    iterations += grads.adjointIterations;
  }
  return assembleNetworkGradients(net, x, forward.state, lambda, strengths, Infinity, iterations);
}

/** The state of a global solve that the adjoint needs. */
export interface GlobalStationaryPoint {
  readonly state: Real;
  readonly alpha: number;
  /** B(x). */
  readonly source: Real;
}

export interface GlobalAdjointOptions<O> {
  /** Fixed-point solver (`fixedPoint` or `anderson` of `@gsn/solvers`) and its options. */
  readonly solver: FixedPointSolver<O>;
  readonly solverOptions: O;
  /** μ of the penalised system M_μ; Infinity (default) for the exact M. */
  readonly penalty?: number;
  readonly operator?: SupraOperator;
}

/**
 * The global adjoint, one solve on all layers at once (SPEC 4.7, 4.8), in prox form for any
 * potential: with z* = Ψ* − α(KΨ* − B), D = ∂prox_{αΦ}(z*) (blockwise),
 *   ζ = g + (I − αK^†)Dζ,   λ = αDζ,
 * which for smooth Φ is λ = (K + ∇²Φ(Ψ*))^{−T} g. K = M gives the exact adjoint (Jᵀ block upper
 * bidiagonal, equal to layer-by-layer reverse mode); K = M_μ the penalised adjoint J_μ^{−T}g.
 * Parameter gradients follow from (Ψ*, λ) (`assembleNetworkGradients`).
 */
export function globalVjp<O>(
  supra: SupraGraph,
  x: Real,
  point: GlobalStationaryPoint,
  g: Real,
  options: GlobalAdjointOptions<O>,
): NetworkGradients {
  const penalty = options.penalty ?? Infinity;
  const op = options.operator ?? supraOperator(supra, penalty);
  if (op.penalty !== penalty) throw new InvalidArgumentError(`globalVjp: operator has penalty ${op.penalty}, expected ${penalty}`);
  const { state, alpha, source } = point;
  const zStar = zerosLike(state);
  applySupraOperator(op, state, zStar);
  for (let i = 0; i < zStar.length; i++) zStar[i] = state[i] - alpha * (zStar[i] - source[i]);
  const dz = zerosLike(state);
  const kdz = zerosLike(state);
  const map: FixedPointMap = (zeta, out) => {
    blockProxJvp(supra, zStar, alpha, zeta, dz);
    applySupraOperatorAdjoint(op, dz, kdz);
    for (let i = 0; i < out.length; i++) out[i] = g[i] + dz[i] - alpha * kdz[i];
  };
  const solved = options.solver(map, zerosLike(state), options.solverOptions);
  const zeta = solved.state;
  const lambda = zerosLike(state);
  blockProxJvp(supra, zStar, alpha, zeta, lambda);
  for (let i = 0; i < lambda.length; i++) lambda[i] *= alpha;
  const net = disassembleLayerSupraGraph(supra);
  const offsets = supra.offsets;
  const c = supra.channels;
  const strengths: (number | undefined)[] = [];
  for (let l = 0; l < layerCount(supra); l++) {
    const p = supra.potentials[l];
    if (p.strength === undefined || !p.proxStrengthDerivative) {
      strengths.push(undefined);
      continue;
    }
    const d = zerosLike(layerView(state, offsets, l, c));
    p.proxStrengthDerivative(layerView(zStar, offsets, l, c), alpha, c, d);
    strengths.push(realInner(layerView(zeta, offsets, l, c), d));
  }
  return assembleNetworkGradients(net, x, state, lambda, strengths, penalty, solved.iterations);
}
