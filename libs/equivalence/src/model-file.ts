/**
 * The JSON form of a GSN model (what `gsn compare --model FILE` reads):
 * { "inputNodes", "channels",
 *   "layers": [{ "nodes", "src", "dst", "weights", "kappa", "onsite"?, "potential": { "name", "strength"? } }],
 *   "couplings": [{ "nOut", "nIn", "rows", "cols", "re", "im", "bias" }],
 *   "readout": { "outputs", "inputs", "weights", "bias" } }
 * Potentials by name: zero, relu, modrelu, radial-clip, cubic-nls. Values are float64.
 */
import { DataFormatError } from '@gsn/tensor';
import { weightedGraph } from '@gsn/graph';
import { cubicNlsPotential, modReluPotential, radialClipPotential, reluPotential, zeroPotential, type Potential } from '@gsn/stationary';
import type { GsnModel } from './models';

const POTENTIALS: Record<string, (strength: number) => Potential> = {
  zero: () => zeroPotential(),
  relu: () => reluPotential(),
  modrelu: (b) => modReluPotential(b),
  'radial-clip': (r) => radialClipPotential(r),
  'cubic-nls': (b) => cubicNlsPotential(b),
};

type Json = Record<string, unknown>;

function numbers(file: string, where: string, value: unknown): number[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
    throw new DataFormatError(file, 0, `${where} must be an array of finite numbers`);
  }
  return value as number[];
}

function integer(file: string, where: string, value: unknown): number {
  if (!(typeof value === 'number' && Number.isInteger(value) && value >= 0)) throw new DataFormatError(file, 0, `${where} must be an integer >= 0`);
  return value;
}

function object(file: string, where: string, value: unknown): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new DataFormatError(file, 0, `${where} must be an object`);
  return value as Json;
}

/** Validates and builds a model from parsed JSON; `file` names the source in errors. */
export function gsnModelFromJson(data: unknown, file: string): GsnModel {
  const root = object(file, 'model', data);
  const channels = integer(file, 'channels', root.channels);
  const inputNodes = integer(file, 'inputNodes', root.inputNodes);
  if (!Array.isArray(root.layers) || !Array.isArray(root.couplings)) throw new DataFormatError(file, 0, 'layers and couplings must be arrays');
  const layers = root.layers.map((raw, l) => {
    const layer = object(file, `layers[${l}]`, raw);
    const potential = object(file, `layers[${l}].potential`, layer.potential);
    const make = POTENTIALS[String(potential.name)];
    if (!make) throw new DataFormatError(file, 0, `layers[${l}].potential.name '${String(potential.name)}' is not one of ${Object.keys(POTENTIALS).join(', ')}`);
    const graph = weightedGraph({
      nodes: integer(file, `layers[${l}].nodes`, layer.nodes),
      src: numbers(file, `layers[${l}].src`, layer.src),
      dst: numbers(file, `layers[${l}].dst`, layer.dst),
      weights: Float64Array.from(numbers(file, `layers[${l}].weights`, layer.weights)),
      dtype: 'float64',
    });
    return {
      graph,
      channels,
      kappa: numbers(file, `layers[${l}].kappa`, [layer.kappa])[0],
      ...(layer.onsite === undefined ? {} : { onsite: Float64Array.from(numbers(file, `layers[${l}].onsite`, layer.onsite)) }),
      potential: make(typeof potential.strength === 'number' ? potential.strength : 0),
    };
  });
  const couplings = root.couplings.map((raw, l) => {
    const s = object(file, `couplings[${l}]`, raw);
    return {
      nOut: integer(file, `couplings[${l}].nOut`, s.nOut),
      nIn: integer(file, `couplings[${l}].nIn`, s.nIn),
      rows: Int32Array.from(numbers(file, `couplings[${l}].rows`, s.rows)),
      cols: Int32Array.from(numbers(file, `couplings[${l}].cols`, s.cols)),
      re: Float64Array.from(numbers(file, `couplings[${l}].re`, s.re)),
      im: Float64Array.from(numbers(file, `couplings[${l}].im`, s.im)),
      bias: Float64Array.from(numbers(file, `couplings[${l}].bias`, s.bias)),
    };
  });
  const r = object(file, 'readout', root.readout);
  const readout = {
    outputs: integer(file, 'readout.outputs', r.outputs),
    inputs: integer(file, 'readout.inputs', r.inputs),
    weights: Float64Array.from(numbers(file, 'readout.weights', r.weights)),
    bias: Float64Array.from(numbers(file, 'readout.bias', r.bias)),
  };
  return { network: { inputNodes, channels, layers, couplings }, readout };
}

/** The JSON form of a model (potential by name and strength). */
export function gsnModelToJson(model: GsnModel): Json {
  const { network, readout } = model;
  return {
    inputNodes: network.inputNodes,
    channels: network.channels,
    layers: network.layers.map((layer) => ({
      nodes: layer.graph.nodes,
      src: Array.from(layer.graph.src),
      dst: Array.from(layer.graph.dst),
      weights: Array.from(layer.graph.weights),
      kappa: layer.kappa,
      ...(layer.onsite ? { onsite: Array.from(layer.onsite) } : {}),
      potential: { name: layer.potential.name, ...(layer.potential.strength === undefined ? {} : { strength: layer.potential.strength }) },
    })),
    couplings: network.couplings.map((s) => ({
      nOut: s.nOut,
      nIn: s.nIn,
      rows: Array.from(s.rows),
      cols: Array.from(s.cols),
      re: Array.from(s.re),
      im: Array.from(s.im),
      bias: Array.from(s.bias),
    })),
    readout: { outputs: readout.outputs, inputs: readout.inputs, weights: Array.from(readout.weights), bias: Array.from(readout.bias) },
  };
}
