import { InvalidArgumentError, type Rng } from '@gsn/tensor';
import { cubicNlsPotential, type Potential } from '@gsn/stationary';
import { randomGraph, randomState, ringChordRoom } from '@gsn/stationary/testing';
import { couplingNorm, type ChannelCoupling, type Coupling } from './coupling';
import type { MultilayerNetwork } from './multilayer-network';

export interface RandomNetworkOptions {
  readonly layers: number;
  /** Nodes per layer (the input x has as many). */
  readonly nodes: number;
  readonly channels: number;
  /** Random chords added to each layer's ring. */
  readonly chords: number;
  readonly kappa: number;
  /** ‖S_ℓ‖₂ of every coupling (entries rescaled to it exactly). */
  readonly couplingNorm: number;
  /** Fraction of the n × n entries of each S_ℓ that are stored (inter-layer edges). */
  readonly couplingDensity: number;
  readonly potential: Potential;
  /** Draw an extra on-site potential in [0, 0.5) per node. */
  readonly onsite: boolean;
}

export const RANDOM_NETWORK_DEFAULTS: Readonly<RandomNetworkOptions> = Object.freeze({
  layers: 3,
  nodes: 8,
  channels: 2,
  chords: 4,
  kappa: 1,
  couplingNorm: 0.8,
  couplingDensity: 0.4,
  potential: cubicNlsPotential(0.5),
  onsite: true,
});

/** A random complex sparse n_out × n_in coupling with ‖S‖₂ = norm and a bias in [−1, 1). */
export function randomCoupling(rng: Rng, nOut: number, nIn: number, channels: number, density: number, norm: number): Coupling {
  const rows: number[] = [];
  const cols: number[] = [];
  for (let i = 0; i < nOut; i++) {
    for (let j = 0; j < nIn; j++) {
      if (i === j || rng.next() < density) {
        rows.push(i);
        cols.push(j);
      }
    }
  }
  const raw: Coupling = {
    nOut,
    nIn,
    rows: Int32Array.from(rows),
    cols: Int32Array.from(cols),
    re: randomState(rng, rows.length),
    im: randomState(rng, rows.length),
    bias: randomState(rng, nOut * 2 * channels),
  };
  const scale = norm / couplingNorm(raw, 1e-13, 20000);
  for (let k = 0; k < rows.length; k++) {
    raw.re[k] *= scale;
    raw.im[k] *= scale;
  }
  return raw;
}

/** A random float64 multilayer network: rings with chords, complex sparse couplings. */
export function randomNetwork(rng: Rng, options: Partial<RandomNetworkOptions> = {}): MultilayerNetwork {
  const o = { ...RANDOM_NETWORK_DEFAULTS, ...options };
  if (!(Number.isInteger(o.layers) && o.layers >= 1)) throw new InvalidArgumentError(`randomNetwork: layers must be an integer ≥ 1, got ${o.layers}`);
  if (!(Number.isInteger(o.nodes) && o.nodes >= 3)) throw new InvalidArgumentError(`randomNetwork: nodes must be an integer ≥ 3, got ${o.nodes}`);
  if (!(Number.isInteger(o.chords) && o.chords >= 0 && o.chords <= ringChordRoom(o.nodes))) {
    throw new InvalidArgumentError(`randomNetwork: chords must be an integer in [0, n(n−3)/2] = [0, ${ringChordRoom(o.nodes)}], got ${o.chords}`);
  }
  const layers = [];
  const couplings = [];
  for (let l = 0; l < o.layers; l++) {
    layers.push({
      graph: randomGraph(rng, o.nodes, o.chords),
      channels: o.channels,
      kappa: o.kappa,
      potential: o.potential,
      ...(o.onsite ? { onsite: Float64Array.from({ length: o.nodes }, () => 0.5 * rng.next()) } : {}),
    });
    couplings.push(randomCoupling(rng, o.nodes, o.nodes, o.channels, o.couplingDensity, o.couplingNorm));
  }
  return { inputNodes: o.nodes, channels: o.channels, layers, couplings };
}

/** A random channel coupling s = xW + b on n nodes: W (2c × 2c) with ‖W‖₂ = norm, bias in [−1, 1). */
export function randomChannelCoupling(rng: Rng, nodes: number, channels: number, norm: number): ChannelCoupling {
  const w = 2 * channels;
  const raw: ChannelCoupling = { kind: 'channel', nOut: nodes, nIn: nodes, weight: randomState(rng, w * w), bias: randomState(rng, nodes * w) };
  const scale = norm / couplingNorm(raw, 1e-13, 20000);
  for (let p = 0; p < raw.weight.length; p++) raw.weight[p] *= scale;
  return raw;
}

/**
 * `randomNetwork` with channel-mixing couplings s_ℓ = ψ_{ℓ−1}W_ℓ + b_ℓ (gsn's trainer) in place
 * of the node-mixing ones; ‖W_ℓ‖₂ = `couplingNorm`.
 */
export function randomChannelNetwork(rng: Rng, options: Partial<RandomNetworkOptions> = {}): MultilayerNetwork<ChannelCoupling> {
  const o = { ...RANDOM_NETWORK_DEFAULTS, ...options };
  const net = randomNetwork(rng, o);
  return { ...net, couplings: net.layers.map(() => randomChannelCoupling(rng, o.nodes, o.channels, o.couplingNorm)) };
}
