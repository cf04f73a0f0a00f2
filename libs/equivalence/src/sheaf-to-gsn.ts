/**
 * C5 SHF → GSN (SPEC 4.10, exact iff every layer's connection is flat). With the gauge
 * O_ij = g_i g_j^† of each layer (`assertFlat`, a `HolonomyError` naming the cycle otherwise),
 * φ_ℓ = 𝔾_ℓ^†ψ_ℓ solves a plain GSN layer on the lifted graph L_w ⊗ I_d:
 *   - lifted node i·d + r holds stalk entry r of node i; its f = c/d channels are the stalk copies;
 *   - S_ℓ ← 𝔾_ℓ^†(S_ℓ ⊗ I)𝔾_{ℓ−1} (entries S_ij (g_i^†g_j)_{rt}; 𝔾_0 = I), b_ℓ ← 𝔾_ℓ^†b_ℓ, R ← R𝔾_L;
 *   - V scalar per node (repeated), Φ: `stalkModRelu` goes to its lifted layout; per-complex-entry
 *     potentials of `@gsn/stationary` are kept when the gauge is the identity, or when d = 1 and
 *     they are phase invariant; anything else is rejected (∂Φ(𝔾φ) = 𝔾∂Φ(φ) would fail).
 * The input x is lifted the same way (`liftInput`, an injective relabelling, no gauge).
 *
 * Boundary of the claim: a non-flat connection has no gauge; the layer is still an RFF layer via
 * C2 (L_F + V − κ ⪰ 0) but not a scalar GSN layer on the same node set (README).
 */
import { InvalidArgumentError, type Real } from '@gsn/tensor';
import { weightedGraph } from '@gsn/graph';
import type { Potential, StationaryLayer } from '@gsn/stationary';
import type { Coupling } from '@gsn/supragraph';
import { applyGauge, assertFlat, blockSize, HolonomyError, stalkModReluPotential, type Connection } from '@gsn/sheaf';
import type { GsnModel, Readout, ShfModel } from './models';

/** (n, 2c) node layout → (n·d, 2f) lifted layout, f = c/d. */
export function liftState(state: Real, channels: number, stalk: number): Float64Array {
  const f = channels / stalk;
  const width = 2 * channels;
  const n = state.length / width;
  const out = new Float64Array(state.length);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < f; a++) {
      for (let r = 0; r < stalk; r++) {
        out[(i * stalk + r) * 2 * f + a] = state[i * width + a * stalk + r];
        out[(i * stalk + r) * 2 * f + f + a] = state[i * width + channels + a * stalk + r];
      }
    }
  }
  return out;
}

/** g_i as a complex d × d matrix (re, im) from its real m × m form. */
function complexFrame(gauge: Float64Array, kind: Connection['kind'], d: number, i: number): { re: Float64Array; im: Float64Array } {
  const m = blockSize({ kind, stalk: d });
  const re = new Float64Array(d * d);
  const im = new Float64Array(d * d);
  for (let r = 0; r < d; r++) {
    for (let c = 0; c < d; c++) {
      re[r * d + c] = gauge[i * m * m + r * m + c];
      if (kind === 'unitary') im[r * d + c] = gauge[i * m * m + (d + r) * m + c];
    }
  }
  return { re, im };
}

function identityFrames(n: number, d: number): Float64Array {
  const g = new Float64Array(n * d * d);
  for (let i = 0; i < n; i++) for (let r = 0; r < d; r++) g[i * d * d + r * d + r] = 1;
  return g;
}

function isIdentityGauge(gauge: Float64Array, m: number): boolean {
  for (let p = 0; p < gauge.length; p++) {
    const q = p % (m * m);
    if (Math.abs(gauge[p] - (Math.floor(q / m) === q % m ? 1 : 0)) > 1e-14) return false;
  }
  return true;
}

function liftedPotential(potential: Potential, stalk: number, trivialGauge: boolean, layer: number): Potential {
  if (potential.name === 'stalkModRelu(node)') return stalkModReluPotential(potential.strength ?? 0, stalk, 'lifted');
  if (trivialGauge || (stalk === 1 && potential.gaugeInvariant)) return potential;
  throw new InvalidArgumentError(
    `shfToGsn: layer ${layer + 1}: potential '${potential.name}' is not invariant under the U(${stalk}) gauge of the connection ` +
      `(use stalkModReluPotential, or stalk 1 with a phase-invariant potential)`,
  );
}

/** The lifted GSN and the input lift; throws `HolonomyError` for a non-flat layer. */
export function shfToGsn(shf: ShfModel, tol = 1e-9): { model: GsnModel; liftInput: (x: Real) => Float64Array } {
  const { network } = shf;
  const c = network.channels;
  const d = network.layers[0].connection.stalk;
  if (network.layers.some((layer) => layer.connection.stalk !== d)) {
    throw new InvalidArgumentError('shfToGsn: every layer must have the same stalk dimension');
  }
  if (c % d !== 0) throw new InvalidArgumentError(`shfToGsn: channels ${c} not a multiple of the stalk ${d}`);
  const f = c / d;
  const gauges = network.layers.map((layer, l) => {
    try {
      return assertFlat(layer.graph, layer.connection, tol);
    } catch (error) {
      if (error instanceof HolonomyError) throw new HolonomyError(`shfToGsn: layer ${l + 1}: ${error.message}`, error.holonomy);
      throw error;
    }
  });
  const layers: StationaryLayer[] = network.layers.map((layer, l) => {
    const g = layer.graph;
    const src: number[] = [];
    const dst: number[] = [];
    const weights: number[] = [];
    for (let e = 0; e < g.src.length; e++) {
      for (let r = 0; r < d; r++) {
        src.push(g.src[e] * d + r);
        dst.push(g.dst[e] * d + r);
        weights.push(g.weights[e]);
      }
    }
    const trivial = isIdentityGauge(gauges[l], blockSize(layer.connection));
    return {
      graph: weightedGraph({ nodes: g.nodes * d, src, dst, weights: Float64Array.from(weights), dtype: 'float64', duplicates: 'error' }),
      channels: f,
      kappa: layer.kappa,
      ...(layer.onsite ? { onsite: Float64Array.from({ length: g.nodes * d }, (_, p) => layer.onsite![Math.floor(p / d)]) } : {}),
      potential: liftedPotential(layer.potential, d, trivial, l),
    };
  });
  const couplings: Coupling[] = network.couplings.map((s, l) => {
    const layer = network.layers[l];
    const frame = (i: number) => complexFrame(gauges[l], layer.connection.kind, d, i);
    const before = (j: number) =>
      l === 0
        ? { re: identityFrames(1, d), im: new Float64Array(d * d) }
        : complexFrame(gauges[l - 1], network.layers[l - 1].connection.kind, d, j);
    const rows: number[] = [];
    const cols: number[] = [];
    const re: number[] = [];
    const im: number[] = [];
    for (let k = 0; k < s.rows.length; k++) {
      const gi = frame(s.rows[k]);
      const gj = before(s.cols[k]);
      for (let r = 0; r < d; r++) {
        for (let t = 0; t < d; t++) {
          // (g_i^† g_j)_{rt} = Σ_q conj(g_i)_{qr} (g_j)_{qt}
          let gr = 0;
          let gim = 0;
          for (let q = 0; q < d; q++) {
            const ar = gi.re[q * d + r];
            const ai = gi.im[q * d + r];
            const br = gj.re[q * d + t];
            const bi = gj.im[q * d + t];
            gr += ar * br + ai * bi;
            gim += ar * bi - ai * br;
          }
          const vr = s.re[k] * gr - s.im[k] * gim;
          const vi = s.re[k] * gim + s.im[k] * gr;
          if (vr === 0 && vi === 0) continue;
          rows.push(s.rows[k] * d + r);
          cols.push(s.cols[k] * d + t);
          re.push(vr);
          im.push(vi);
        }
      }
    }
    return {
      nOut: s.nOut * d,
      nIn: s.nIn * d,
      rows: Int32Array.from(rows),
      cols: Int32Array.from(cols),
      re: Float64Array.from(re),
      im: Float64Array.from(im),
      bias: liftState(applyGauge(gauges[l], layer.connection, c, s.bias, true), c, d),
    };
  });
  const last = network.layers.length - 1;
  const { readout } = shf;
  const weights = new Float64Array(readout.weights.length);
  for (let k = 0; k < readout.outputs; k++) {
    const row = readout.weights.subarray(k * readout.inputs, (k + 1) * readout.inputs);
    weights.set(liftState(applyGauge(gauges[last], network.layers[last].connection, c, row, true), c, d), k * readout.inputs);
  }
  const lifted: Readout = { outputs: readout.outputs, inputs: readout.inputs, weights, bias: readout.bias };
  return {
    model: { network: { inputNodes: network.inputNodes * d, channels: f, layers, couplings }, readout: lifted },
    liftInput: (x: Real) => liftState(x, c, d),
  };
}
