/**
 * Complexity bounds from sparse (supra-)graph geometry (SPEC 4.11), per model class.
 *
 * Every model is reduced to a list of layer geometries; then, with L_ℓ the Lipschitz constant of
 * layer ℓ in its source (1/min V for GSN / SHF / SUP, ≤ 1 for RFF, α(1 − q^K)/(1 − q) unrolled):
 * - Lipschitz in the input: ‖R‖₂ Π_ℓ ‖S_ℓ‖₂ L_ℓ (L_ℓ = 1/min_i V_i ≤ 1/κ_ℓ: SPEC's 1/κ_ℓ, sharpened
 *   by the extra on-site potential; 1/(1 + min onsite) for an RFF layer (I + P + τ∂Φ)^{-1}).
 * - Parameter count p = Σ_ℓ (|σ(w^ℓ)| + P_conn|σ(w^ℓ)| + nnz(S_ℓ) + n_ℓ[on-site] + n_ℓc) + nnz(R) + outputs
 *   (one per complex coupling entry and per complex bias entry, as SPEC 4.11 counts them;
 *   P_conn = dim O(d) or U(d) for sheaf layers).
 * - Λ_θ, the Lipschitz constant of the output in the ℓ∞ norm of all parameters at once (first
 *   order): with ψ̄_0 = X, s̄_ℓ = ‖S_ℓ‖ψ̄_{ℓ−1} + ‖b_ℓ‖, ψ̄_ℓ = L_ℓs̄_ℓ,
 *     g_ℓ = L_ℓ((2Δ_ℓ(1 + w_max c_O P_conn) + [on-site]) ψ̄_ℓ + √nnz(S_ℓ) ψ̄_{ℓ−1} + √(n_ℓc)),
 *     Λ_θ = ‖R‖ Σ_ℓ g_ℓ Π_{k>ℓ} ‖S_k‖L_k + √nnz(R) ψ̄_L + √outputs,
 *   using ‖ΔL_w‖ ≤ 2Δ‖Δw‖_∞, ‖ΔL_F‖ ≤ 2Δ w_max ‖ΔO‖, ‖ΔO‖ ≤ c_O P_conn ‖Δθ‖_∞ (c_O = 2, Cayley chart),
 *   ‖ΔS‖₂ ≤ ‖ΔS‖_F.
 * - Covering-number bound: √((p log(3BΛ_θ√m) + log(1/δ))/(2m)) + 2/√m, B = max(1, max|θ|).
 */
import { InvalidArgumentError, type Real } from '@gsn/tensor';
import type { WeightedGraph } from '@gsn/graph';
import { couplingNorm, disassembleSupraGraph, type Coupling } from '@gsn/supragraph';
import { paramsPerEdge } from '@gsn/sheaf';
import { unrolledContraction } from './conversions';
import type { GsnModel, Readout, RffModel, ShfModel, SupModel, UnrolledModel } from './models';

export interface BoundOptions {
  /** m, training-set size of the generalisation bound. */
  readonly samples: number;
  readonly delta: number;
  /** X ≥ ‖x‖ for the inputs. */
  readonly inputNorm: number;
}

export const BOUND_DEFAULTS: Readonly<BoundOptions> = Object.freeze({ samples: 1000, delta: 0.05, inputNorm: 1 });

export interface ModelBounds {
  readonly parameters: number;
  /** Supra-graph edges: intra-layer support + coupling entries (+ readout entries). */
  readonly edges: number;
  readonly lipschitz: number;
  readonly lambdaTheta: number;
  readonly covering: number;
}

interface LayerGeometry {
  readonly nodes: number;
  readonly channels: number;
  readonly lipschitz: number;
  readonly supportEdges: number;
  readonly maxDegree: number;
  readonly weightMax: number;
  readonly connectionParams: number;
  readonly onsiteParams: number;
  readonly coupling: Coupling;
  readonly paramMax: number;
}

function support(graph: WeightedGraph | undefined): { edges: number; maxDegree: number; weightMax: number; paramMax: number } {
  if (!graph) return { edges: 0, maxDegree: 0, weightMax: 0, paramMax: 0 };
  const degree = new Int32Array(graph.nodes);
  let edges = 0;
  let weightMax = 0;
  for (let e = 0; e < graph.src.length; e++) {
    if (!(graph.weights[e] > 0) || graph.src[e] === graph.dst[e]) continue;
    edges++;
    degree[graph.src[e]]++;
    degree[graph.dst[e]]++;
    weightMax = Math.max(weightMax, graph.weights[e]);
  }
  return { edges, maxDegree: degree.reduce((a, b) => Math.max(a, b), 0), weightMax, paramMax: weightMax };
}

/** 1/min_i V_i with V_i = base + onsite_i: the Lipschitz constant of (base + onsite + monotone)^{-1}. */
function inverseFloor(base: number, onsite: Real | undefined): number {
  let m = Infinity;
  if (onsite) for (let i = 0; i < onsite.length; i++) m = Math.min(m, onsite[i]);
  return 1 / (base + (Number.isFinite(m) ? m : 0));
}

function maxAbs(...arrays: ArrayLike<number>[]): number {
  let m = 0;
  for (const a of arrays) for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

function norm(a: Real): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s);
}

/** ‖R‖₂ by power iteration on RᵀR. */
export function readoutNorm(readout: Readout, iterations = 500): number {
  const { outputs, inputs, weights } = readout;
  let v = new Float64Array(inputs).fill(1 / Math.sqrt(Math.max(inputs, 1)));
  let sigma = 0;
  for (let it = 0; it < iterations; it++) {
    const rv = new Float64Array(outputs);
    for (let k = 0; k < outputs; k++) for (let p = 0; p < inputs; p++) rv[k] += weights[k * inputs + p] * v[p];
    const next = new Float64Array(inputs);
    for (let k = 0; k < outputs; k++) for (let p = 0; p < inputs; p++) next[p] += weights[k * inputs + p] * rv[k];
    const nn = norm(next);
    if (nn === 0) return 0;
    const estimate = Math.sqrt(nn);
    v = next.map((x) => x / nn);
    if (Math.abs(estimate - sigma) <= 1e-12 * estimate) return estimate;
    sigma = estimate;
  }
  return sigma;
}

function boundsOf(layers: LayerGeometry[], readout: Readout, options: Partial<BoundOptions>): ModelBounds {
  const o = { ...BOUND_DEFAULTS, ...options };
  if (!(o.samples >= 1 && o.delta > 0 && o.delta < 1 && o.inputNorm >= 0)) {
    throw new InvalidArgumentError(`bounds: need samples >= 1, 0 < delta < 1, inputNorm >= 0; got ${JSON.stringify(o)}`);
  }
  const rNorm = readoutNorm(readout);
  let nnzR = 0;
  for (let p = 0; p < readout.weights.length; p++) if (readout.weights[p] !== 0) nnzR++;
  let parameters = nnzR + readout.outputs;
  let edges = nnzR;
  let paramMax = maxAbs(readout.weights, readout.bias);
  const sNorms = layers.map((g) => couplingNorm(g.coupling));
  let psiBar = o.inputNorm;
  const gains: number[] = [];
  layers.forEach((g, l) => {
    const s = g.coupling;
    const biasParams = g.nodes * g.channels;
    parameters += g.supportEdges * (1 + g.connectionParams) + s.rows.length + g.onsiteParams + biasParams;
    edges += g.supportEdges + s.rows.length;
    paramMax = Math.max(paramMax, g.paramMax, maxAbs(s.re, s.im, s.bias));
    const previous = psiBar;
    psiBar = g.lipschitz * (sNorms[l] * previous + norm(s.bias));
    const operator = 2 * g.maxDegree * (1 + g.weightMax * 2 * g.connectionParams) + (g.onsiteParams > 0 ? 1 : 0);
    gains.push(g.lipschitz * (operator * psiBar + Math.sqrt(s.rows.length) * previous + Math.sqrt(biasParams)));
  });
  let lipschitz = rNorm;
  for (let l = 0; l < layers.length; l++) lipschitz *= sNorms[l] * layers[l].lipschitz;
  let lambdaTheta = Math.sqrt(nnzR) * psiBar + Math.sqrt(readout.outputs);
  for (let l = 0; l < layers.length; l++) {
    let downstream = rNorm;
    for (let k = l + 1; k < layers.length; k++) downstream *= sNorms[k] * layers[k].lipschitz;
    lambdaTheta += downstream * gains[l];
  }
  const B = Math.max(1, paramMax);
  const m = o.samples;
  const log = Math.max(0, Math.log(3 * B * lambdaTheta * Math.sqrt(m)));
  const covering = Math.sqrt((parameters * log + Math.log(1 / o.delta)) / (2 * m)) + 2 / Math.sqrt(m);
  return { parameters, edges, lipschitz, lambdaTheta, covering };
}

function gsnGeometry(model: GsnModel, lipschitz: (l: number) => number): LayerGeometry[] {
  const { network } = model;
  return network.layers.map((layer, l) => {
    const sp = support(layer.graph);
    return {
      nodes: layer.graph.nodes,
      channels: network.channels,
      lipschitz: lipschitz(l),
      supportEdges: sp.edges,
      maxDegree: sp.maxDegree,
      weightMax: sp.weightMax,
      connectionParams: 0,
      onsiteParams: layer.graph.nodes,
      coupling: network.couplings[l],
      paramMax: Math.max(sp.paramMax, layer.kappa, layer.onsite ? maxAbs(layer.onsite) : 0),
    };
  });
}

export function gsnBounds(model: GsnModel, options: Partial<BoundOptions> = {}): ModelBounds {
  const { layers } = model.network;
  return boundsOf(gsnGeometry(model, (l) => inverseFloor(layers[l].kappa, layers[l].onsite)), model.readout, options);
}

export function supBounds(model: SupModel, options: Partial<BoundOptions> = {}): ModelBounds {
  const net = disassembleSupraGraph(model.supra);
  return gsnBounds({ network: net, readout: model.readout }, options);
}

export function unrolledBounds(model: UnrolledModel, options: Partial<BoundOptions> = {}): ModelBounds {
  const q = unrolledContraction(model);
  const lip = (l: number) => (q[l] < 1 ? (model.alphas[l] * (1 - q[l] ** model.depth)) / (1 - q[l]) : model.alphas[l] * model.depth);
  return boundsOf(gsnGeometry({ network: model.network, readout: model.readout }, lip), model.readout, options);
}

export function shfBounds(model: ShfModel, options: Partial<BoundOptions> = {}): ModelBounds {
  const { network } = model;
  const layers = network.layers.map((layer, l): LayerGeometry => {
    const sp = support(layer.graph);
    return {
      nodes: layer.graph.nodes,
      channels: network.channels,
      lipschitz: inverseFloor(layer.kappa, layer.onsite),
      supportEdges: sp.edges,
      maxDegree: sp.maxDegree,
      weightMax: sp.weightMax,
      connectionParams: paramsPerEdge({ kind: layer.connection.kind, stalk: layer.connection.stalk, method: 'cayley' }),
      onsiteParams: layer.graph.nodes,
      coupling: network.couplings[l],
      paramMax: Math.max(sp.paramMax, layer.kappa, layer.onsite ? maxAbs(layer.onsite) : 0),
    };
  });
  return boundsOf(layers, model.readout, options);
}

export function rffBounds(model: RffModel, options: Partial<BoundOptions> = {}): ModelBounds {
  const layers = model.layers.map((layer, l): LayerGeometry => {
    const sp = support(layer.linear?.graph);
    return {
      nodes: layer.nodes,
      channels: model.channels,
      lipschitz: inverseFloor(1, layer.linear?.onsite),
      supportEdges: sp.edges,
      maxDegree: sp.maxDegree,
      weightMax: sp.weightMax,
      connectionParams: layer.linear?.connection
        ? paramsPerEdge({ kind: layer.linear.connection.kind, stalk: layer.linear.connection.stalk, method: 'cayley' })
        : 0,
      onsiteParams: layer.linear?.onsite ? layer.nodes : 0,
      coupling: model.couplings[l],
      paramMax: Math.max(sp.paramMax, layer.linear?.onsite ? maxAbs(layer.linear.onsite) : 0),
    };
  });
  return boundsOf(layers, model.readout, options);
}
