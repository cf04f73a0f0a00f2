/**
 * Random float64 models for `gsn compare --random` and the tests: a GSN (rings with chords,
 * sparse complex couplings of `@gsn/supragraph`'s `randomNetwork`) with a dense readout, and sheaf
 * models with a flat (pure-gauge) or a generic connection and the U(d)-invariant stalk modReLU.
 */
import { InvalidArgumentError, type Rng } from '@gsn/tensor';
import { cubicNlsPotential, type Potential } from '@gsn/stationary';
import { randomGraph, randomState, ringChordRoom } from '@gsn/stationary/testing';
import { randomCoupling, randomNetwork } from '@gsn/supragraph';
import {
  blockSize,
  connectionFromParams,
  paramsPerEdge,
  restrictionMap,
  stalkModReluPotential,
  type Connection,
  type ConnectionKind,
  type ConnectionSpec,
} from '@gsn/sheaf';
import type { GsnModel, Readout, ShfModel } from './models';

export interface RandomModelOptions {
  readonly layers: number;
  readonly nodes: number;
  readonly channels: number;
  readonly chords: number;
  readonly outputs: number;
  readonly kappa: number;
  readonly couplingNorm: number;
  readonly potential: Potential;
}

export const RANDOM_MODEL_DEFAULTS: Readonly<RandomModelOptions> = Object.freeze({
  layers: 3,
  nodes: 6,
  channels: 2,
  chords: 3,
  outputs: 3,
  kappa: 0.8,
  couplingNorm: 0.9,
  potential: cubicNlsPotential(0.5),
});

export function randomReadout(rng: Rng, outputs: number, inputs: number): Readout {
  return { outputs, inputs, weights: randomState(rng, outputs * inputs), bias: randomState(rng, outputs) };
}

/**
 * A random GSN on rings with chords. Without `chords`, each ring gets the default number or as
 * many as it has room for (n(n − 3)/2), so a small `nodes` alone is enough.
 */
export function randomGsnModel(rng: Rng, options: Partial<RandomModelOptions> = {}): GsnModel {
  const nodes = options.nodes ?? RANDOM_MODEL_DEFAULTS.nodes;
  const chords = Math.max(0, Math.min(RANDOM_MODEL_DEFAULTS.chords, ringChordRoom(nodes)));
  const o = { ...RANDOM_MODEL_DEFAULTS, chords, ...options };
  const network = randomNetwork(rng, {
    layers: o.layers,
    nodes: o.nodes,
    channels: o.channels,
    chords: o.chords,
    kappa: o.kappa,
    couplingNorm: o.couplingNorm,
    potential: o.potential,
    onsite: true,
  });
  return { network, readout: randomReadout(rng, o.outputs, o.nodes * 2 * o.channels) };
}

export interface RandomSheafOptions extends Omit<RandomModelOptions, 'potential' | 'channels'> {
  readonly kind: ConnectionKind;
  readonly stalk: number;
  /** f: stalk copies per node (channels = stalk · copies). */
  readonly copies: number;
  /** Flat: O_ij = g_i g_jᵀ from random frames; otherwise independent random maps. */
  readonly flat: boolean;
  /** β of the stalk modReLU. */
  readonly strength: number;
}

export const RANDOM_SHEAF_DEFAULTS: Readonly<RandomSheafOptions> = Object.freeze({
  ...RANDOM_MODEL_DEFAULTS,
  kind: 'orthogonal' as ConnectionKind,
  stalk: 2,
  copies: 1,
  flat: true,
  strength: 0.2,
});

function randomSheafConnection(rng: Rng, spec: ConnectionSpec, nodes: number, src: Int32Array, dst: Int32Array, flat: boolean): Connection {
  const p = paramsPerEdge(spec);
  if (!flat) return connectionFromParams(spec, randomState(rng, src.length * p, 2), src.length);
  const m = blockSize(spec);
  const frames = Array.from({ length: nodes }, () => restrictionMap(spec, randomState(rng, p, 2)));
  const maps = new Float64Array(src.length * m * m);
  for (let e = 0; e < src.length; e++) {
    const gi = frames[src[e]];
    const gj = frames[dst[e]];
    for (let r = 0; r < m; r++) {
      for (let c = 0; c < m; c++) {
        let s = 0;
        for (let q = 0; q < m; q++) s += gi[r * m + q] * gj[c * m + q];
        maps[e * m * m + r * m + c] = s;
      }
    }
  }
  return { kind: spec.kind, stalk: spec.stalk, maps };
}

export function randomShfModel(rng: Rng, options: Partial<RandomSheafOptions> = {}): ShfModel {
  const o = { ...RANDOM_SHEAF_DEFAULTS, ...options };
  if (!(Number.isInteger(o.copies) && o.copies >= 1)) throw new InvalidArgumentError(`randomShfModel: copies must be an integer >= 1, got ${o.copies}`);
  const channels = o.stalk * o.copies;
  const spec: ConnectionSpec = { kind: o.kind, stalk: o.stalk, method: 'cayley' };
  const layers = [];
  const couplings = [];
  for (let l = 0; l < o.layers; l++) {
    const graph = randomGraph(rng, o.nodes, o.chords);
    layers.push({
      graph,
      connection: randomSheafConnection(rng, spec, o.nodes, graph.src, graph.dst, o.flat),
      channels,
      kappa: o.kappa,
      onsite: Float64Array.from({ length: o.nodes }, () => 0.5 * rng.next()),
      potential: stalkModReluPotential(o.strength, o.stalk),
    });
    couplings.push(randomCoupling(rng, o.nodes, o.nodes, channels, 0.4, o.couplingNorm));
  }
  return {
    network: { inputNodes: o.nodes, channels, layers, couplings },
    readout: randomReadout(rng, o.outputs, o.nodes * 2 * channels),
  };
}
