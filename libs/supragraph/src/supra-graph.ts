import { realArray, dtypeOf, InvalidArgumentError, type Real } from '@gsn/tensor';
import { weightedGraph, type WeightedGraph } from '@gsn/graph';
import type { Potential } from '@gsn/stationary';
import { isChannelCoupling, type LayerCoupling } from './coupling';
import { layerOffsets, validateNetwork, type MultilayerNetwork } from './multilayer-network';

/**
 * The supra-graph of a multilayer network (SPEC 4.7): one node per layer-node, N = Σ n_ℓ nodes
 * numbered layer by layer (layer ℓ owns [offsets[ℓ−1], offsets[ℓ])), with
 * - intra-layer undirected edges (ℓ,i)–(ℓ,j) of weight w^ℓ_ij (`intra`, N nodes; layer ℓ's edges
 *   are `intra` edges [intraOffsets[ℓ−1], intraOffsets[ℓ]) in the layer's own edge order),
 * - directed inter-layer edges (ℓ−1,j) → (ℓ,i) of complex weight (S_ℓ)_ij (`inter`, global ids,
 *   ℓ ≥ 2; layer ℓ's are [interOffsets[ℓ−1], interOffsets[ℓ]), empty for ℓ = 1),
 * - input edges x_j → (1,i) of weight (S_1)_ij (`input`; x is not a supra node),
 * - channel couplings (s = xW + b, `ChannelCoupling`): no complex edges; their W is kept in
 *   `channelMaps[ℓ−1]` (one 2c × 2c block per node pair (ℓ−1, i) → (ℓ, i); for ℓ = 1 from x),
 * - node data: on-site V = κ_ℓ + onsite_i (kept as κ_ℓ and onsite so disassembly is exact),
 *   bias b (N, 2c), and the potential Φ_ℓ of each layer.
 * `disassembleSupraGraph` inverts `assembleSupraGraph` exactly (pure data movement).
 */
export interface SupraGraph {
  readonly channels: number;
  readonly inputNodes: number;
  readonly nodes: number;
  readonly offsets: Int32Array;
  readonly intra: WeightedGraph;
  readonly intraOffsets: Int32Array;
  readonly inter: DirectedComplexEdges;
  readonly interOffsets: Int32Array;
  readonly input: DirectedComplexEdges;
  /** W of layer ℓ's coupling when it is channel-mixing (undefined for node-mixing couplings). */
  readonly channelMaps: readonly (Real | undefined)[];
  readonly kappas: readonly number[];
  /** Extra on-site potential per node (zero where a layer has none). */
  readonly onsite: Real;
  readonly hasOnsite: readonly boolean[];
  readonly bias: Real;
  readonly potentials: readonly Potential[];
}

/** Directed edges src → dst of complex weight re + i·im. */
export interface DirectedComplexEdges {
  readonly src: Int32Array;
  readonly dst: Int32Array;
  readonly re: Real;
  readonly im: Real;
}

export function layerCount(supra: SupraGraph): number {
  return supra.offsets.length - 1;
}

export function assembleSupraGraph(net: MultilayerNetwork<LayerCoupling>): SupraGraph {
  validateNetwork(net);
  const { channels, layers, couplings } = net;
  const L = layers.length;
  const offsets = layerOffsets(net);
  const N = offsets[L];
  const dtype = dtypeOf(layers[0].graph.weights);
  const w = 2 * channels;

  const intraOffsets = new Int32Array(L + 1);
  for (let l = 0; l < L; l++) intraOffsets[l + 1] = intraOffsets[l] + layers[l].graph.src.length;
  const src = new Int32Array(intraOffsets[L]);
  const dst = new Int32Array(intraOffsets[L]);
  const weights = realArray(dtype, intraOffsets[L]);
  for (let l = 0; l < L; l++) {
    const g = layers[l].graph;
    for (let e = 0; e < g.src.length; e++) {
      src[intraOffsets[l] + e] = g.src[e] + offsets[l];
      dst[intraOffsets[l] + e] = g.dst[e] + offsets[l];
      weights[intraOffsets[l] + e] = g.weights[e];
    }
  }
  const intra = weightedGraph({ nodes: N, src, dst, weights, dtype, duplicates: 'error' });

  const interOffsets = new Int32Array(L + 1);
  const entries = (s: LayerCoupling): number => (isChannelCoupling(s) ? 0 : s.rows.length);
  for (let l = 1; l < L; l++) interOffsets[l + 1] = interOffsets[l] + entries(couplings[l]);
  const inter = emptyEdges(dtype, interOffsets[L]);
  for (let l = 1; l < L; l++) {
    const s = couplings[l];
    if (isChannelCoupling(s)) continue;
    for (let k = 0; k < s.rows.length; k++) {
      const e = interOffsets[l] + k;
      inter.src[e] = s.cols[k] + offsets[l - 1];
      inter.dst[e] = s.rows[k] + offsets[l];
      inter.re[e] = s.re[k];
      inter.im[e] = s.im[k];
    }
  }
  const s1 = couplings[0];
  const input: DirectedComplexEdges = isChannelCoupling(s1)
    ? emptyEdges(dtype, 0)
    : { src: s1.cols.slice(), dst: s1.rows.slice(), re: s1.re.slice(), im: s1.im.slice() };
  const channelMaps = couplings.map((s) => (isChannelCoupling(s) ? s.weight.slice() : undefined));

  const onsite = realArray(dtype, N);
  const bias = realArray(dtype, N * w);
  for (let l = 0; l < L; l++) {
    const extra = layers[l].onsite;
    if (extra) onsite.set(extra, offsets[l]);
    bias.set(couplings[l].bias, offsets[l] * w);
  }
  return {
    channels,
    inputNodes: net.inputNodes,
    nodes: N,
    offsets,
    intra,
    intraOffsets,
    inter,
    interOffsets,
    input,
    channelMaps,
    kappas: layers.map((layer) => layer.kappa),
    onsite,
    hasOnsite: layers.map((layer) => layer.onsite !== undefined),
    bias,
    potentials: layers.map((layer) => layer.potential),
  };
}

function emptyEdges(dtype: 'float32' | 'float64', m: number): { src: Int32Array; dst: Int32Array; re: Real; im: Real } {
  return { src: new Int32Array(m), dst: new Int32Array(m), re: realArray(dtype, m), im: realArray(dtype, m) };
}

/**
 * Back from the supra-graph of a network with node-mixing couplings only (the inverse of
 * `assembleSupraGraph`); `disassembleLayerSupraGraph` for networks with channel couplings.
 */
export function disassembleSupraGraph(supra: SupraGraph): MultilayerNetwork {
  const net = disassembleLayerSupraGraph(supra);
  const couplings = net.couplings.map((s, l) => {
    if (isChannelCoupling(s)) throw new InvalidArgumentError(`disassembleSupraGraph: coupling ${l + 1} is channel-mixing; use disassembleLayerSupraGraph`);
    return s;
  });
  return { ...net, couplings };
}

/** Back from the supra-graph to its layers and couplings of either kind (exact inverse of `assembleSupraGraph`). */
export function disassembleLayerSupraGraph(supra: SupraGraph): MultilayerNetwork<LayerCoupling> {
  const { offsets, intraOffsets, interOffsets, intra, channels } = supra;
  const L = layerCount(supra);
  const dtype = dtypeOf(intra.weights);
  const w = 2 * channels;
  const layers = [];
  const couplings: LayerCoupling[] = [];
  for (let l = 0; l < L; l++) {
    const n = offsets[l + 1] - offsets[l];
    const e0 = intraOffsets[l];
    const e1 = intraOffsets[l + 1];
    const graph = weightedGraph({
      nodes: n,
      src: intra.src.subarray(e0, e1).map((i) => i - offsets[l]),
      dst: intra.dst.subarray(e0, e1).map((i) => i - offsets[l]),
      weights: intra.weights.slice(e0, e1),
      dtype,
      duplicates: 'error',
    });
    layers.push({
      graph,
      channels,
      kappa: supra.kappas[l],
      potential: supra.potentials[l],
      ...(supra.hasOnsite[l] ? { onsite: supra.onsite.slice(offsets[l], offsets[l + 1]) } : {}),
    });
    const bias = supra.bias.slice(offsets[l] * w, offsets[l + 1] * w);
    const weight = supra.channelMaps[l];
    if (weight) {
      couplings.push({ kind: 'channel', nOut: n, nIn: l === 0 ? supra.inputNodes : offsets[l] - offsets[l - 1], weight: weight.slice(), bias });
    } else if (l === 0) {
      const { src, dst, re, im } = supra.input;
      couplings.push({ nOut: n, nIn: supra.inputNodes, rows: dst.slice(), cols: src.slice(), re: re.slice(), im: im.slice(), bias });
    } else {
      const k0 = interOffsets[l];
      const k1 = interOffsets[l + 1];
      const { src, dst, re, im } = supra.inter;
      couplings.push({
        nOut: n,
        nIn: offsets[l] - offsets[l - 1],
        rows: dst.subarray(k0, k1).map((i) => i - offsets[l]),
        cols: src.subarray(k0, k1).map((j) => j - offsets[l - 1]),
        re: re.slice(k0, k1),
        im: im.slice(k0, k1),
        bias,
      });
    }
  }
  return { inputNodes: supra.inputNodes, channels, layers, couplings };
}
