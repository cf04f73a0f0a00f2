/**
 * Conversions C1–C4 and C2' of SPEC 4.10 (C5, SHF → GSN, is in `sheaf-to-gsn.ts`). Each returns
 * a new model realising the same function (exactly, or with error ≤ q^K‖s‖/κ for C2').
 */
import { InvalidArgumentError } from '@gsn/tensor';
import { weightedGraph, withWeights, type WeightedGraph } from '@gsn/graph';
import { layerOperator, type StationaryLayer } from '@gsn/stationary';
import { assembleSupraGraph, disassembleSupraGraph, type Coupling } from '@gsn/supragraph';
import { identityConnection, type SheafLayer } from '@gsn/sheaf';
import { scaledPotential, type GsnModel, type RffModel, type ResolventLayer, type ShfModel, type SupModel, type UnrolledModel } from './models';

function scaleCoupling(s: Coupling, factor: number): Coupling {
  const Ctor = s.re.constructor as Float64ArrayConstructor;
  return {
    nOut: s.nOut,
    nIn: s.nIn,
    rows: s.rows.slice(),
    cols: s.cols.slice(),
    re: Ctor.from(s.re, (v) => v * factor),
    im: Ctor.from(s.im, (v) => v * factor),
    bias: Ctor.from(s.bias, (v) => v * factor),
  };
}

function edgelessGraph(nodes: number): WeightedGraph {
  return weightedGraph({ nodes, src: [], dst: [], dtype: 'float64' });
}

/**
 * C1 RFF → GSN (exact): J = (I + P + τ∂Φ)^{-1} is the GSN layer with κ = 1, graph and extra
 * on-site from P (the edgeless graph, the minimal stratum w = 0, when P is absent) and potential τΦ.
 */
export function rffToGsn(rff: RffModel): GsnModel {
  rff.layers.forEach((layer, l) => {
    if (layer.linear?.connection) {
      throw new InvalidArgumentError(`rffToGsn: layer ${l + 1} has a sheaf (connection) linear part; only a flat one maps to a GSN (shfToGsn)`);
    }
  });
  const layers: StationaryLayer[] = rff.layers.map((layer) => ({
    graph: layer.linear ? layer.linear.graph : edgelessGraph(layer.nodes),
    channels: rff.channels,
    kappa: 1,
    ...(layer.linear?.onsite ? { onsite: layer.linear.onsite } : {}),
    potential: scaledPotential(layer.potential, layer.scale),
  }));
  return {
    network: { inputNodes: rff.inputNodes, channels: rff.channels, layers, couplings: rff.couplings },
    readout: rff.readout,
  };
}

/**
 * C2 GSN → RFF, extended class (exact): T(s) = (I + 𝒜)^{-1}(s/κ), 𝒜 = (L_w + V − κI + ∂Φ)/κ, so
 * P = L_{w/κ} + diag(onsite/κ), τ = 1/κ, and S ← S/κ, b ← b/κ.
 */
export function gsnToRff(gsn: GsnModel): RffModel {
  return rescaledByKappa(gsn.network, gsn.readout);
}

/**
 * The common step of C2 and its sheaf form: each layer's linear part divided by its κ (weights,
 * on-site values; a connection is scale-free and kept), τ = 1/κ, and the next coupling ÷ κ.
 */
function rescaledByKappa(
  network: GsnModel['network'] | ShfModel['network'],
  readout: RffModel['readout'],
): RffModel {
  const layers: ResolventLayer[] = network.layers.map((layer: StationaryLayer | SheafLayer) => {
    const k = layer.kappa;
    return {
      nodes: layer.graph.nodes,
      potential: layer.potential,
      scale: 1 / k,
      linear: {
        graph: withWeights(layer.graph, Float64Array.from(layer.graph.weights, (w) => w / k)),
        ...('connection' in layer ? { connection: layer.connection } : {}),
        ...(layer.onsite ? { onsite: Float64Array.from(layer.onsite, (v) => v / k) } : {}),
      },
    };
  });
  return {
    inputNodes: network.inputNodes,
    channels: network.channels,
    layers,
    couplings: network.couplings.map((s, l) => scaleCoupling(s, 1 / network.layers[l].kappa)),
    readout,
  };
}

/**
 * C2 for sheaf layers, SHF → RFF (exact, flat or not): L_F + V − κI ⪰ 0 is a monotone linear part,
 * so T(s) = (I + 𝒜)^{-1}(s/κ) with P = L_F(w/κ) + diag(onsite/κ), τ = 1/κ, S ← S/κ, b ← b/κ.
 * This is where a non-flat sheaf layer lives in the equivalence (it is not a GSN layer).
 */
export function shfToRff(shf: ShfModel): RffModel {
  return rescaledByKappa(shf.network, shf.readout);
}

/**
 * C2' GSN → unrolled feed-forward with separable activations (the admissible lift by unrolling):
 * K weight-tied steps z ← prox_{αΦ}((I − αA)z + αs) per layer, α = 1/Λ_bound unless given.
 * Error per layer ≤ q^K‖s‖/κ, q = max(|1 − ακ|, |1 − αΛ|) (`unrolledContraction`).
 */
export function gsnToUnrolled(gsn: GsnModel, depth: number, alphas?: readonly number[]): UnrolledModel {
  if (!(Number.isInteger(depth) && depth >= 0)) throw new InvalidArgumentError(`gsnToUnrolled: depth must be an integer >= 0, got ${depth}`);
  const steps = alphas ?? gsn.network.layers.map((layer) => 1 / layerOperator(layer, new Float64Array(0)).lambdaBound);
  return { network: gsn.network, readout: gsn.readout, depth, alphas: steps };
}

/** q_ℓ = max(|1 − α_ℓκ_ℓ|, |1 − α_ℓΛ_ℓ|) of each layer of an unrolled model (a-priori, from Λ_bound). */
export function unrolledContraction(model: UnrolledModel): number[] {
  return model.network.layers.map((layer, l) => {
    const op = layerOperator(layer, new Float64Array(0));
    const a = model.alphas[l];
    return Math.max(Math.abs(1 - a * op.kappa), Math.abs(1 - a * op.lambdaBound));
  });
}

/** C3 GSN → SUP (exact): assembly of the supra-graph (SPEC 4.7). */
export function gsnToSup(gsn: GsnModel): SupModel {
  return { supra: assembleSupraGraph(gsn.network), readout: gsn.readout };
}

/** C3 SUP → GSN (exact): disassembly into layers. */
export function supToGsn(sup: SupModel): GsnModel {
  return { network: disassembleSupraGraph(sup.supra), readout: sup.readout };
}

/** C4 GSN → SHF (exact): stalk d = c, orthogonal maps O_ij = I (L_F = L_w ⊗ I). */
export function gsnToShf(gsn: GsnModel): ShfModel {
  const { network } = gsn;
  const layers: SheafLayer[] = network.layers.map((layer) => ({
    graph: layer.graph,
    connection: identityConnection('orthogonal', network.channels, layer.graph.src.length),
    channels: network.channels,
    kappa: layer.kappa,
    ...(layer.onsite ? { onsite: layer.onsite } : {}),
    potential: layer.potential,
  }));
  return { network: { inputNodes: network.inputNodes, channels: network.channels, layers, couplings: network.couplings }, readout: gsn.readout };
}

/** Maximum absolute difference of two outputs. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new InvalidArgumentError(`maxAbsDiff: lengths ${a.length} and ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}
