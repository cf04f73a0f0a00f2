/**
 * Test helpers of `@gsn/supragraph` (`@gsn/supragraph/testing`): the parameters of a network
 * as one flat vector in the order of `flattenGradients`, for finite-difference checks.
 */
import { withWeights } from '@gsn/graph';
import type { Real } from '@gsn/tensor';
import { isChannelCoupling } from './coupling';
import type { MultilayerNetwork } from './multilayer-network';
import type { LayerCoupling } from './coupling';

/** [per layer: w, onsite, κ, β?, S_re, S_im (or W of a channel coupling), b], then x. Layers must have an onsite array. */
export function networkParameters(net: MultilayerNetwork<LayerCoupling>, x: Real): Float64Array {
  const parts: number[] = [];
  net.layers.forEach((layer, l) => {
    const s = net.couplings[l];
    parts.push(...layer.graph.weights, ...(layer.onsite ?? []), layer.kappa);
    if (layer.potential.strength !== undefined) parts.push(layer.potential.strength);
    parts.push(...(isChannelCoupling(s) ? s.weight : [...s.re, ...s.im]), ...s.bias);
  });
  parts.push(...x);
  return Float64Array.from(parts);
}

/** The network and input with the parameters of `v` (inverse of `networkParameters`). */
export function networkFromParameters<C extends LayerCoupling>(net: MultilayerNetwork<C>, v: Float64Array): { net: MultilayerNetwork<C>; x: Float64Array } {
  let p = 0;
  const take = (n: number): Float64Array => v.slice(p, (p += n));
  const layers = [];
  const couplings: C[] = [];
  for (let l = 0; l < net.layers.length; l++) {
    const layer = net.layers[l];
    const s = net.couplings[l];
    const graph = withWeights(layer.graph, take(layer.graph.weights.length));
    const onsite = layer.onsite ? take(layer.onsite.length) : undefined;
    const kappa = v[p++];
    const potential =
      layer.potential.strength !== undefined && layer.potential.withStrength ? layer.potential.withStrength(v[p++]) : layer.potential;
    layers.push({ graph, channels: layer.channels, kappa, potential, ...(onsite ? { onsite } : {}) });
    const values = isChannelCoupling(s) ? { weight: take(s.weight.length) } : { re: take(s.re.length), im: take(s.im.length) };
    couplings.push({ ...s, ...values, bias: take(s.bias.length) });
  }
  const x = take(net.inputNodes * 2 * net.channels);
  return { net: { ...net, layers, couplings }, x };
}
