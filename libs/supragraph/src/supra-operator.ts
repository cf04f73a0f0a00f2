import { csrFromCoo, dtypeOf, InvalidArgumentError, ShapeError, type Csr, type Real } from '@gsn/tensor';
import { addChannelProduct } from './coupling';
import { layerCount, type SupraGraph } from './supra-graph';

/**
 * The global operator of the supra-graph in sparse form: a complex N × N matrix
 * K = re + i·im, two CSRs with the same pattern, acting on global (N, 2c) states channel by
 * channel (real-ified: [u; v] ↦ [re u − im v; re v + im u]).
 *
 * - Exact (SPEC 4.7): K = M, block lower-bidiagonal with diagonal blocks A_ℓ = L_{w^ℓ} + V_ℓ
 *   (real) and sub-diagonal blocks −S_ℓ.
 * - Penalised (SPEC 4.8, `penalty` μ): K = M_μ = M − μ^{-1}𝕊^†, i.e. every directed inter-layer
 *   edge (ℓ−1,j) → (ℓ,i) of weight S_ij gets a back-edge (ℓ,i) → (ℓ−1,j) of weight conj(S_ij)/μ.
 * - Channel couplings (S_ℓ = I ⊗ W_ℓ, ℓ ≥ 2) are not in the CSRs: `channelBlocks` adds
 *   −ψ_{ℓ−1}W_ℓ to row block ℓ (and −μ^{-1}ψ_ℓW_ℓᵀ to row block ℓ−1 when penalised).
 */
export interface SupraOperator {
  readonly nodes: number;
  readonly channels: number;
  readonly re: Csr;
  readonly im: Csr;
  /** μ for M_μ; Infinity for the exact M. */
  readonly penalty: number;
  /** Layer offsets (as `SupraGraph.offsets`) and the channel-mixing blocks (0-based layer l ≥ 1, W_l). */
  readonly offsets: Int32Array;
  readonly channelBlocks: readonly { readonly layer: number; readonly weight: Real }[];
}

/** Adds the channel blocks of K x (or K^† x with `adjoint`) to out. */
function addChannelBlocks(op: SupraOperator, x: Real, out: Real, adjoint: boolean): void {
  const w = 2 * op.channels;
  const view = (a: Real, l: number): Real => a.subarray(op.offsets[l] * w, op.offsets[l + 1] * w);
  const back = Number.isFinite(op.penalty) ? 1 / op.penalty : 0;
  for (const { layer: l, weight } of op.channelBlocks) {
    // K: row ℓ gets −x_{ℓ−1}W, row ℓ−1 gets −μ^{-1}x_ℓWᵀ. K^†: the transposed blocks.
    addChannelProduct(weight, view(x, adjoint ? l : l - 1), w, -1, view(out, adjoint ? l - 1 : l), adjoint);
    if (back !== 0) addChannelProduct(weight, view(x, adjoint ? l - 1 : l), w, -back, view(out, adjoint ? l : l - 1), !adjoint);
  }
}

export function supraOperator(supra: SupraGraph, penalty = Infinity): SupraOperator {
  if (!(penalty > 0)) throw new InvalidArgumentError(`supraOperator: penalty must be > 0 (Infinity for the exact M), got ${penalty}`);
  const { nodes: N, intra, inter, offsets } = supra;
  const rows: number[] = [];
  const cols: number[] = [];
  const re: number[] = [];
  const im: number[] = [];
  const push = (i: number, j: number, a: number, b: number): void => {
    rows.push(i);
    cols.push(j);
    re.push(a);
    im.push(b);
  };
  for (let l = 0; l < layerCount(supra); l++) {
    const kappa = supra.kappas[l];
    for (let i = offsets[l]; i < offsets[l + 1]; i++) push(i, i, kappa + supra.onsite[i], 0);
  }
  for (let e = 0; e < intra.src.length; e++) {
    const i = intra.src[e];
    const j = intra.dst[e];
    if (i === j) continue;
    const wt = intra.weights[e];
    push(i, i, wt, 0);
    push(j, j, wt, 0);
    push(i, j, -wt, 0);
    push(j, i, -wt, 0);
  }
  const back = Number.isFinite(penalty) ? 1 / penalty : 0;
  for (let e = 0; e < inter.src.length; e++) {
    push(inter.dst[e], inter.src[e], -inter.re[e], -inter.im[e]);
    if (back !== 0) push(inter.src[e], inter.dst[e], -back * inter.re[e], back * inter.im[e]);
  }
  const dtype = dtypeOf(supra.bias);
  return {
    nodes: N,
    channels: supra.channels,
    re: csrFromCoo(N, N, rows, cols, re, dtype),
    im: csrFromCoo(N, N, rows, cols, im, dtype),
    penalty,
    offsets,
    channelBlocks: supra.channelMaps.flatMap((weight, layer) => (weight && layer > 0 ? [{ layer, weight }] : [])),
  };
}

function checkState(op: SupraOperator, x: Real, name: string): void {
  if (x.length !== op.nodes * 2 * op.channels) {
    throw new ShapeError(`${name}: length ${x.length}, expected N * 2c = ${op.nodes} * ${2 * op.channels}`);
  }
}

/** out = K x for global (N, 2c) states. */
export function applySupraOperator(op: SupraOperator, x: Real, out: Real): void {
  applyComplexCsr(op, x, out, false, 'applySupraOperator');
}

/** out = K^† y (the transpose of the real-ified K). */
export function applySupraOperatorAdjoint(op: SupraOperator, y: Real, out: Real): void {
  applyComplexCsr(op, y, out, true, 'applySupraOperatorAdjoint');
}

/**
 * out = K x, or K^† x when `adjoint`: entry k of row i couples (i, colIdx[k]) with the complex
 * weight a + ib. The adjoint swaps the roles of row and column and conjugates (b -> -b).
 */
function applyComplexCsr(op: SupraOperator, x: Real, out: Real, adjoint: boolean, name: string): void {
  checkState(op, x, `${name}: input`);
  checkState(op, out, `${name}: out`);
  const c = op.channels;
  const w = 2 * c;
  const { rowPtr, colIdx, values: a } = op.re;
  const b = op.im.values;
  const sign = adjoint ? -1 : 1;
  out.fill(0);
  for (let i = 0; i < op.nodes; i++) {
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
      const ar = a[k];
      const bi = sign * b[k];
      const o = adjoint ? colIdx[k] * w : i * w;
      const q = adjoint ? i * w : colIdx[k] * w;
      if (bi === 0) {
        for (let p = 0; p < w; p++) out[o + p] += ar * x[q + p];
      } else {
        for (let h = 0; h < c; h++) {
          const xr = x[q + h];
          const xi = x[q + c + h];
          out[o + h] += ar * xr - bi * xi;
          out[o + c + h] += ar * xi + bi * xr;
        }
      }
    }
  }
  addChannelBlocks(op, x, out, adjoint);
}

/** B(x): the bias everywhere plus S_1 x on layer 1 (SPEC 4.7; x W_1 for a channel coupling). x (inputNodes, 2c) → (N, 2c). */
export function globalSource(supra: SupraGraph, x: Real): Real {
  const c = supra.channels;
  const w = 2 * c;
  if (x.length !== supra.inputNodes * w) {
    throw new ShapeError(`globalSource: x has length ${x.length}, expected inputNodes * 2c = ${supra.inputNodes} * ${w}`);
  }
  const out = supra.bias.slice();
  const first = supra.channelMaps[0];
  if (first) addChannelProduct(first, x, w, 1, out.subarray(0, supra.offsets[1] * w));
  const { src, dst, re, im } = supra.input;
  for (let k = 0; k < src.length; k++) {
    const o = dst[k] * w;
    const q = src[k] * w;
    for (let h = 0; h < c; h++) {
      out[o + h] += re[k] * x[q + h] - im[k] * x[q + c + h];
      out[o + c + h] += re[k] * x[q + c + h] + im[k] * x[q + h];
    }
  }
  return out;
}

/** Dense row-major real-ified matrix (2cN × 2cN) of K, for tests on tiny graphs. */
export function denseSupraOperator(op: SupraOperator): Float64Array {
  const n = op.nodes * 2 * op.channels;
  const dense = new Float64Array(n * n);
  const e = new Float64Array(n);
  const col = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    e.fill(0);
    e[j] = 1;
    applySupraOperator(op, e, col);
    for (let i = 0; i < n; i++) dense[i * n + j] = col[i];
  }
  return dense;
}
