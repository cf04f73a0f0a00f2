/**
 * Test helpers of `@gsn/supragraph` (`@gsn/supragraph/testing`): the parameters of a network
 * as one flat vector in the order of `flattenGradients`, for finite-difference checks.
 */
import { withWeights } from '@gsn/graph';
import type { Real } from '@gsn/tensor';
import type { MultilayerNetwork } from './multilayer-network';

/** [per layer: w, onsite, κ, β?, S_re, S_im, b], then x. Layers must have an onsite array. */
export function networkParameters(net: MultilayerNetwork, x: Real): Float64Array {
  const parts: number[] = [];
  net.layers.forEach((layer, l) => {
    const s = net.couplings[l];
    parts.push(...layer.graph.weights, ...(layer.onsite ?? []), layer.kappa);
    if (layer.potential.strength !== undefined) parts.push(layer.potential.strength);
    parts.push(...s.re, ...s.im, ...s.bias);
  });
  parts.push(...x);
  return Float64Array.from(parts);
}

/** The network and input with the parameters of `v` (inverse of `networkParameters`). */
export function networkFromParameters(net: MultilayerNetwork, v: Float64Array): { net: MultilayerNetwork; x: Float64Array } {
  let p = 0;
  const take = (n: number): Float64Array => v.slice(p, (p += n));
  const layers = [];
  const couplings = [];
  for (let l = 0; l < net.layers.length; l++) {
    const layer = net.layers[l];
    const s = net.couplings[l];
    const graph = withWeights(layer.graph, take(layer.graph.weights.length));
    const onsite = layer.onsite ? take(layer.onsite.length) : undefined;
    const kappa = v[p++];
    const potential =
      layer.potential.strength !== undefined && layer.potential.withStrength ? layer.potential.withStrength(v[p++]) : layer.potential;
    layers.push({ graph, channels: layer.channels, kappa, potential, ...(onsite ? { onsite } : {}) });
    couplings.push({ ...s, re: take(s.re.length), im: take(s.im.length), bias: take(s.bias.length) });
  }
  const x = take(net.inputNodes * 2 * net.channels);
  return { net: { ...net, layers, couplings }, x };
}
