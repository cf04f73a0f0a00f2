import { zerosLike, type Real } from '@gsn/tensor';
import { edgeWeightGradient, onsiteGradient } from '@gsn/stationary';
import { addCouplingAdjointProduct, addCouplingEntryGradient, couplingGradientArrays } from './coupling';
import { layerOffsets, layerView, type MultilayerNetwork } from './multilayer-network';
import type { LayerCoupling } from './coupling';

/** dℓ/d(parameters of layer ℓ): edge weights, on-site, κ, strength β, coupling entries, bias. */
export interface LayerGradients {
  readonly weights: Real;
  readonly onsite: Real;
  readonly kappa: number;
  /** `undefined` for potentials without a strength. */
  readonly strength: number | undefined;
  readonly couplingRe: Real;
  readonly couplingIm: Real;
  readonly bias: Real;
}

/** Gradients of a scalar loss of the global state: per layer, the input x, and λ = dℓ/dB. */
export interface NetworkGradients {
  readonly layers: readonly LayerGradients[];
  readonly input: Real;
  /** λ (N, 2c): dℓ/ds_ℓ stacked, the solution of the (global) adjoint system. */
  readonly lambda: Real;
  readonly adjointIterations: number;
}

/**
 * Assembles all parameter gradients from states Ψ, multipliers λ and the per-layer strength
 * derivatives (SPEC 4.7): dw^ℓ_e = −Re⟨λ_{ℓ,i} − λ_{ℓ,j}, ψ_{ℓ,i} − ψ_{ℓ,j}⟩, dV, dκ, db_ℓ = λ_ℓ,
 * dS_ℓ = λ_ℓψ_{ℓ−1}^† (sparse, per entry), dx = S_1^†λ_1. With `penalty` μ (the penalised model
 * of SPEC 4.8) S_ℓ also enters row ℓ−1 through the back-edge −μ^{−1}S_ℓ^†ψ_ℓ, adding
 * μ^{−1}·∂/∂S Re⟨ψ_ℓ, Sλ_{ℓ−1}⟩, so the result is the exact gradient of the penalised model.
 */
export function assembleNetworkGradients(
  net: MultilayerNetwork<LayerCoupling>,
  x: Real,
  state: Real,
  lambda: Real,
  strengths: readonly (number | undefined)[],
  penalty: number,
  adjointIterations: number,
): NetworkGradients {
  const offsets = layerOffsets(net);
  const c = net.channels;
  const layers: LayerGradients[] = net.layers.map((layer, l) => {
    const psi = layerView(state, offsets, l, c);
    const lam = layerView(lambda, offsets, l, c);
    const s = net.couplings[l];
    const { couplingRe, couplingIm } = couplingGradientArrays(s);
    const previous = l === 0 ? x : layerView(state, offsets, l - 1, c);
    addCouplingEntryGradient(s, previous, lam, c, 1, couplingRe, couplingIm);
    if (l > 0 && Number.isFinite(penalty)) {
      addCouplingEntryGradient(s, layerView(lambda, offsets, l - 1, c), psi, c, 1 / penalty, couplingRe, couplingIm);
    }
    const onsite = zerosLike(psi.subarray(0, layer.graph.nodes));
    return {
      weights: edgeWeightGradient(layer, psi, lam),
      onsite,
      kappa: onsiteGradient(psi, lam, c, onsite),
      strength: strengths[l],
      couplingRe,
      couplingIm,
      bias: lam.slice(),
    };
  });
  const input = zerosLike(x);
  addCouplingAdjointProduct(net.couplings[0], layerView(lambda, offsets, 0, c), c, 1, input);
  return { layers, input, lambda, adjointIterations };
}

/** All gradients in one flat array (layer by layer, then x), for comparisons. */
export function flattenGradients(g: NetworkGradients): Float64Array {
  const parts: number[] = [];
  for (const l of g.layers) {
    parts.push(...l.weights, ...l.onsite, l.kappa, ...(l.strength === undefined ? [] : [l.strength]));
    parts.push(...l.couplingRe, ...l.couplingIm, ...l.bias);
  }
  parts.push(...g.input);
  return Float64Array.from(parts);
}
