import { InvalidArgumentError, ShapeError, type Real } from '@gsn/tensor';
import type { StationaryLayer } from '@gsn/stationary';
import { validateCoupling, type Coupling, type LayerCoupling } from './coupling';

/**
 * A multilayer graph-stationary network (SPEC 4.7): layer ℓ = 1..L is
 *   ψ_ℓ = T_ℓ(S_ℓψ_{ℓ−1} + b_ℓ),  T_ℓ = (A_ℓ + ∂Φ_ℓ)^{-1},  A_ℓ = L_{w^ℓ} + V_ℓ,  ψ_0 = x,
 * with `layers[ℓ−1]` the stationary layer of `@gsn/stationary` and `couplings[ℓ−1]` its input
 * map (S_ℓ, b_ℓ). Every layer has the same number of channels c; the readout is the caller's.
 *
 * `C` = `LayerCoupling` admits channel-mixing couplings (s = ψW + b, gsn's trainer) too.
 *
 * Shapes: x (inputNodes, 2c); ψ_ℓ (n_ℓ, 2c).
 */
export interface MultilayerNetwork<C extends LayerCoupling = Coupling> {
  readonly inputNodes: number;
  readonly channels: number;
  readonly layers: readonly StationaryLayer[];
  readonly couplings: readonly C[];
}

/** Checks that layers and couplings chain: S_1 is n_1 × n_0, S_ℓ is n_ℓ × n_{ℓ−1}. */
export function validateNetwork(net: MultilayerNetwork<LayerCoupling>): void {
  const L = net.layers.length;
  if (L < 1) throw new InvalidArgumentError('MultilayerNetwork: needs at least one layer');
  if (net.couplings.length !== L) {
    throw new ShapeError(`MultilayerNetwork: ${L} layers but ${net.couplings.length} couplings`);
  }
  if (!(Number.isInteger(net.channels) && net.channels >= 1)) {
    throw new InvalidArgumentError(`MultilayerNetwork: channels must be a positive integer, got ${net.channels}`);
  }
  let nIn = net.inputNodes;
  for (let l = 0; l < L; l++) {
    const layer = net.layers[l];
    const s = net.couplings[l];
    if (layer.channels !== net.channels) {
      throw new ShapeError(`MultilayerNetwork: layer ${l + 1} has ${layer.channels} channels, the network ${net.channels}`);
    }
    if (s.nIn !== nIn || s.nOut !== layer.graph.nodes) {
      throw new ShapeError(
        `MultilayerNetwork: coupling ${l + 1} is ${s.nOut} x ${s.nIn}, expected ${layer.graph.nodes} x ${nIn}`,
      );
    }
    validateCoupling(s, net.channels, `MultilayerNetwork: coupling ${l + 1}`);
    nIn = layer.graph.nodes;
  }
}

/** Node offsets of the layers in the global (supra-graph) numbering: layer ℓ owns [off[ℓ−1], off[ℓ]). */
export function layerOffsets(net: Pick<MultilayerNetwork, 'layers'>): Int32Array {
  const off = new Int32Array(net.layers.length + 1);
  for (let l = 0; l < net.layers.length; l++) off[l + 1] = off[l] + net.layers[l].graph.nodes;
  return off;
}

/** The view of layer ℓ (0-based) of a global (N, 2c) state. */
export function layerView<T extends Real>(global: T, offsets: Int32Array, l: number, channels: number): T {
  return global.subarray(offsets[l] * 2 * channels, offsets[l + 1] * 2 * channels) as T;
}
