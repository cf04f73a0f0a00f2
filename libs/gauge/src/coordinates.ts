import { ShapeError } from '@gsn/tensor';
import { layerOffsets, validateMlpSpec, type MlpSpec } from './mlp';
import { hardGaugeFix } from './balance';
import { rescaleNeurons } from './orbit';

/**
 * Gauge-adapted coordinates of a one-hidden-layer network (SPEC 003 §3.1), exact there:
 * invariant part (ρ_j = ‖w_in,j‖‖w_out,j‖, û_j, v̂_j, output bias) and imbalance δ_j = log(‖w_in,j‖/‖w_out,j‖).
 * Neuron j contributes ρ_j v̂_j σ(û_jᵀ[x; 1]).
 */
export interface GaugeCoordinates {
  readonly rho: Float64Array;
  readonly delta: Float64Array;
  /** H x (d_0 + 1): unit vectors û_j = (row j of W_1, b_1,j) / ‖·‖. */
  readonly inDirections: Float64Array;
  /** H x d_2: unit vectors v̂_j = (column j of W_2) / ‖·‖. */
  readonly outDirections: Float64Array;
  readonly outputBias: Float64Array;
}

function oneHiddenLayer(spec: MlpSpec): { d0: number; h: number; d2: number } {
  validateMlpSpec(spec);
  if (spec.sizes.length !== 3) throw new ShapeError(`gauge coordinates (ρ, δ, û, v̂) are exact for one hidden layer; sizes = [${spec.sizes.join(', ')}] (use gaugeSplit for deeper nets)`);
  return { d0: spec.sizes[0], h: spec.sizes[1], d2: spec.sizes[2] };
}

export function gaugeCoordinates(spec: MlpSpec, theta: Float64Array): GaugeCoordinates {
  const { d0, h, d2 } = oneHiddenLayer(spec);
  const [l1, l2] = layerOffsets(spec);
  const rho = new Float64Array(h);
  const delta = new Float64Array(h);
  const inDirections = new Float64Array(h * (d0 + 1));
  const outDirections = new Float64Array(h * d2);
  for (let j = 0; j < h; j++) {
    let a = theta[l1.bias + j] ** 2;
    for (let k = 0; k < d0; k++) a += theta[l1.weight + j * d0 + k] ** 2;
    let b = 0;
    for (let r = 0; r < d2; r++) b += theta[l2.weight + r * h + j] ** 2;
    const na = Math.sqrt(a);
    const nb = Math.sqrt(b);
    rho[j] = na * nb;
    delta[j] = Math.log(na / nb);
    for (let k = 0; k < d0; k++) inDirections[j * (d0 + 1) + k] = theta[l1.weight + j * d0 + k] / na;
    inDirections[j * (d0 + 1) + d0] = theta[l1.bias + j] / na;
    for (let r = 0; r < d2; r++) outDirections[j * d2 + r] = theta[l2.weight + r * h + j] / nb;
  }
  return { rho, delta, inDirections, outDirections, outputBias: theta.slice(l2.bias, l2.bias + d2) };
}

/** Inverse of gaugeCoordinates: ‖w_in,j‖ = √(ρ_j e^{δ_j}), ‖w_out,j‖ = √(ρ_j e^{−δ_j}). */
export function fromGaugeCoordinates(spec: MlpSpec, c: GaugeCoordinates): Float64Array {
  const { d0, h, d2 } = oneHiddenLayer(spec);
  const [l1, l2] = layerOffsets(spec);
  const theta = new Float64Array(l2.bias + d2);
  for (let j = 0; j < h; j++) {
    const na = Math.sqrt(c.rho[j] * Math.exp(c.delta[j]));
    const nb = Math.sqrt(c.rho[j] * Math.exp(-c.delta[j]));
    for (let k = 0; k < d0; k++) theta[l1.weight + j * d0 + k] = na * c.inDirections[j * (d0 + 1) + k];
    theta[l1.bias + j] = na * c.inDirections[j * (d0 + 1) + d0];
    for (let r = 0; r < d2; r++) theta[l2.weight + r * h + j] = nb * c.outDirections[j * d2 + r];
  }
  theta.set(c.outputBias, l2.bias);
  return theta;
}

/**
 * Gauge split for any depth: invariant part = the balanced representative θ̄ of the orbit (hard
 * gauge fix), imbalance part = log-scales s with θ = rescaleNeurons(θ̄, s). For one hidden layer
 * s_j = δ_j / 2.
 */
export function gaugeSplit(spec: MlpSpec, theta: Float64Array): { balanced: Float64Array; logScales: Float64Array } {
  const fix = hardGaugeFix(spec, theta);
  return { balanced: fix.theta, logScales: fix.logScales.map((s) => -s) };
}

/** Inverse of gaugeSplit. */
export function fromGaugeSplit(spec: MlpSpec, balanced: Float64Array, logScales: Float64Array): Float64Array {
  return rescaleNeurons(spec, balanced, logScales);
}
