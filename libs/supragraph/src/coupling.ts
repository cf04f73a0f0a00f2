import { InvalidArgumentError, ShapeError, type Real } from '@gsn/tensor';
import type { ComplexInputMap } from '@gsn/stationary';

/**
 * The input map of a layer, s = S x + b (SPEC 4.1, 4.7), with a *sparse* complex node-mixing
 * S ∈ ℂ^{nOut×nIn}: entry k is S[rows[k], cols[k]] = re[k] + i·im[k]. Each entry is one directed
 * inter-layer edge (ℓ−1, cols[k]) → (ℓ, rows[k]) of the supra-graph. Channels pass through; in
 * the 2-channel layout of `@gsn/stationary`
 *   s_re = S_re x_re − S_im x_im + b_re,   s_im = S_re x_im + S_im x_re + b_im.
 * Stationary's `ComplexInputMap` is the dense form of the same thing (`couplingFromInputMap`).
 *
 * Shapes: rows, cols, re, im (entries); bias (nOut, 2c).
 */
export interface Coupling<T extends Real = Real> {
  readonly kind?: 'node';
  readonly nOut: number;
  readonly nIn: number;
  readonly rows: Int32Array;
  readonly cols: Int32Array;
  readonly re: T;
  readonly im: T;
  readonly bias: T;
}

/**
 * A channel-mixing input map s = x W + b (gsn's trainer: s_{ℓ+1} = ψ_ℓ W_ℓ + b_ℓ), i.e. the
 * coupling S = I_n ⊗ W on the node × channel state: every node keeps its own index, and its 2c
 * real channels [u, v] are mixed by the real matrix W (a real-linear, not complex-linear, map).
 * Its adjoint is y ↦ y Wᵀ. In the supra-graph it is one dense 2c × 2c block per node pair
 * (ℓ−1, i) → (ℓ, i) (`SupraGraph.channelMaps`), not a set of complex edges.
 *
 * Shapes: weight (2c, 2c) row-major, W[p, q] at p·2c + q (tfjs kernel layout: in × out);
 * bias (nOut, 2c); nIn = nOut.
 */
export interface ChannelCoupling<T extends Real = Real> {
  readonly kind: 'channel';
  readonly nOut: number;
  readonly nIn: number;
  readonly weight: T;
  readonly bias: T;
}

/** Either kind of input map: node-mixing `Coupling` or channel-mixing `ChannelCoupling`. */
export type LayerCoupling<T extends Real = Real> = Coupling<T> | ChannelCoupling<T>;

export function isChannelCoupling<T extends Real>(s: LayerCoupling<T>): s is ChannelCoupling<T> {
  return s.kind === 'channel';
}

/**
 * out_i += scale · x_i W (or x_i Wᵀ with `transpose`) for every node row i; x and out are
 * (n, w) with W (w, w) row-major.
 */
export function addChannelProduct(weight: Real, x: Real, width: number, scale: number, out: Real, transpose = false): void {
  const n = x.length / width;
  for (let i = 0; i < n; i++) {
    const o = i * width;
    for (let p = 0; p < width; p++) {
      const xp = scale * x[o + p];
      if (xp === 0) continue;
      if (transpose) for (let q = 0; q < width; q++) out[o + q] += xp * weight[q * width + p];
      else for (let q = 0; q < width; q++) out[o + q] += xp * weight[p * width + q];
    }
  }
}

/** Checks indices and lengths of a coupling for states with `channels` channels. */
export function validateCoupling(s: LayerCoupling, channels: number, name: string): void {
  if (isChannelCoupling(s)) {
    const w = 2 * channels;
    if (s.weight.length !== w * w) throw new ShapeError(`${name}: channel weight has length ${s.weight.length}, expected (2c)^2 = ${w * w}`);
    if (s.nIn !== s.nOut) throw new ShapeError(`${name}: a channel coupling maps n nodes to n nodes, got ${s.nOut} x ${s.nIn}`);
    if (s.bias.length !== s.nOut * w) throw new ShapeError(`${name}: bias has length ${s.bias.length}, expected nOut * 2c = ${s.nOut} * ${w}`);
    return;
  }
  const m = s.rows.length;
  if (s.cols.length !== m || s.re.length !== m || s.im.length !== m) {
    throw new ShapeError(`${name}: rows, cols, re, im have lengths ${m}, ${s.cols.length}, ${s.re.length}, ${s.im.length}`);
  }
  if (s.bias.length !== s.nOut * 2 * channels) {
    throw new ShapeError(`${name}: bias has length ${s.bias.length}, expected nOut * 2c = ${s.nOut} * ${2 * channels}`);
  }
  for (let k = 0; k < m; k++) {
    if (!(s.rows[k] >= 0 && s.rows[k] < s.nOut && s.cols[k] >= 0 && s.cols[k] < s.nIn)) {
      throw new InvalidArgumentError(`${name}: entry ${k} at (${s.rows[k]}, ${s.cols[k]}) lies outside ${s.nOut} x ${s.nIn}`);
    }
  }
}

/** The sparse coupling holding the nonzero entries of a dense `ComplexInputMap` (row-major order). */
export function couplingFromInputMap(map: ComplexInputMap): Coupling {
  const rows: number[] = [];
  const cols: number[] = [];
  const keep: number[] = [];
  for (let p = 0; p < map.nOut * map.nIn; p++) {
    if (map.sRe[p] !== 0 || map.sIm[p] !== 0) {
      rows.push(Math.floor(p / map.nIn));
      cols.push(p % map.nIn);
      keep.push(p);
    }
  }
  const Ctor = map.sRe.constructor as Float64ArrayConstructor;
  return {
    nOut: map.nOut,
    nIn: map.nIn,
    rows: Int32Array.from(rows),
    cols: Int32Array.from(cols),
    re: Ctor.from(keep, (p) => map.sRe[p]),
    im: Ctor.from(keep, (p) => map.sIm[p]),
    bias: map.bias.slice(),
  };
}

/** The dense `ComplexInputMap` of a coupling (repeated entries summed). */
export function couplingToInputMap(s: LayerCoupling): ComplexInputMap {
  if (isChannelCoupling(s)) throw new InvalidArgumentError('couplingToInputMap: a channel coupling is no node-mixing ComplexInputMap');
  const Ctor = s.re.constructor as Float64ArrayConstructor;
  const sRe = new Ctor(s.nOut * s.nIn);
  const sIm = new Ctor(s.nOut * s.nIn);
  for (let k = 0; k < s.rows.length; k++) {
    sRe[s.rows[k] * s.nIn + s.cols[k]] += s.re[k];
    sIm[s.rows[k] * s.nIn + s.cols[k]] += s.im[k];
  }
  return { nOut: s.nOut, nIn: s.nIn, sRe, sIm, bias: s.bias.slice() };
}

/** out += scale · S x (no bias). x (nIn, 2c), out (nOut, 2c). */
export function addCouplingProduct(s: LayerCoupling, x: Real, channels: number, scale: number, out: Real): void {
  if (isChannelCoupling(s)) return addChannelProduct(s.weight, x, 2 * channels, scale, out);
  const w = 2 * channels;
  const { rows, cols, re, im } = s;
  for (let k = 0; k < rows.length; k++) {
    const a = scale * re[k];
    const b = scale * im[k];
    const o = rows[k] * w;
    const q = cols[k] * w;
    for (let h = 0; h < channels; h++) {
      const xr = x[q + h];
      const xi = x[q + channels + h];
      out[o + h] += a * xr - b * xi;
      out[o + channels + h] += a * xi + b * xr;
    }
  }
}

/** out += scale · S^† y. y (nOut, 2c), out (nIn, 2c). */
export function addCouplingAdjointProduct(s: LayerCoupling, y: Real, channels: number, scale: number, out: Real): void {
  if (isChannelCoupling(s)) return addChannelProduct(s.weight, y, 2 * channels, scale, out, true);
  const w = 2 * channels;
  const { rows, cols, re, im } = s;
  for (let k = 0; k < rows.length; k++) {
    const a = scale * re[k];
    const b = scale * im[k];
    const o = cols[k] * w;
    const q = rows[k] * w;
    for (let h = 0; h < channels; h++) {
      const yr = y[q + h];
      const yi = y[q + channels + h];
      out[o + h] += a * yr + b * yi;
      out[o + channels + h] += a * yi - b * yr;
    }
  }
}

/** s = S x + b. */
export function applyCoupling(s: LayerCoupling, x: Real, channels: number): Real {
  const out = s.bias.slice();
  addCouplingProduct(s, x, channels, 1, out);
  return out;
}

/**
 * Adds scale · ∂/∂S Re⟨λ, S x⟩ per stored entry (SPEC 4.5 in sparse form, an SDDMM):
 *   dS_re += scale · Σ_h (λ_re x_re + λ_im x_im),   dS_im += scale · Σ_h (−λ_re x_im + λ_im x_re).
 * λ (nOut, 2c), x (nIn, 2c). For a channel coupling dRe is dW (2c × 2c, += scale · xᵀλ) and dIm
 * is unused (`couplingGradientArrays` gives it length 0).
 */
export function addCouplingEntryGradient(
  s: LayerCoupling,
  x: Real,
  lambda: Real,
  channels: number,
  scale: number,
  dRe: Real,
  dIm: Real,
): void {
  const w = 2 * channels;
  if (isChannelCoupling(s)) {
    const n = x.length / w;
    for (let i = 0; i < n; i++) {
      for (let p = 0; p < w; p++) {
        const xp = scale * x[i * w + p];
        if (xp === 0) continue;
        for (let q = 0; q < w; q++) dRe[p * w + q] += xp * lambda[i * w + q];
      }
    }
    return;
  }
  for (let k = 0; k < s.rows.length; k++) {
    const o = s.rows[k] * w;
    const q = s.cols[k] * w;
    let gr = 0;
    let gi = 0;
    for (let h = 0; h < channels; h++) {
      const lr = lambda[o + h];
      const li = lambda[o + channels + h];
      const xr = x[q + h];
      const xi = x[q + channels + h];
      gr += lr * xr + li * xi;
      gi += li * xr - lr * xi;
    }
    dRe[k] += scale * gr;
    dIm[k] += scale * gi;
  }
}

/** Zeroed gradient arrays of a coupling's parameters: (dS_re, dS_im) per entry, or (dW, empty). */
export function couplingGradientArrays(s: LayerCoupling): { couplingRe: Real; couplingIm: Real } {
  const Ctor = s.bias.constructor as Float64ArrayConstructor;
  if (isChannelCoupling(s)) return { couplingRe: new Ctor(s.weight.length), couplingIm: new Ctor(0) };
  return { couplingRe: new Ctor(s.re.length), couplingIm: new Ctor(s.im.length) };
}

/**
 * ‖S‖₂ by power iteration on S^†S (one channel; for a channel coupling ‖I ⊗ W‖₂ = ‖W‖₂ on one
 * node), to relative accuracy `tol`.
 */
export function couplingNorm(s: LayerCoupling, tol = 1e-10, maxIter = 2000): number {
  const channel = isChannelCoupling(s);
  if (!channel && s.rows.length === 0) return 0;
  // A channel coupling acts on one node of width 2c (channels = c); a node coupling on n nodes of width 2 (channels = 1).
  const width = channel ? Math.round(Math.sqrt(s.weight.length)) : 2;
  const channels = width / 2;
  let v: Float64Array = new Float64Array(channel ? width : 2 * s.nIn);
  if (channel) for (let p = 0; p < width; p++) v[p] = 1 + p / width;
  else for (let j = 0; j < s.nIn; j++) v[2 * j] = 1 + j / s.nIn;
  const sv = new Float64Array(channel ? width : 2 * s.nOut);
  let sigma2 = 0;
  for (let it = 0; it < maxIter; it++) {
    let nv = 0;
    for (let i = 0; i < v.length; i++) nv += v[i] * v[i];
    nv = Math.sqrt(nv);
    if (nv === 0) return 0;
    for (let i = 0; i < v.length; i++) v[i] /= nv;
    sv.fill(0);
    addCouplingProduct(s, v, channels, 1, sv);
    const next = new Float64Array(v.length);
    addCouplingAdjointProduct(s, sv, channels, 1, next);
    let rayleigh = 0;
    for (let i = 0; i < v.length; i++) rayleigh += v[i] * next[i];
    const done = Math.abs(rayleigh - sigma2) <= tol * rayleigh;
    sigma2 = rayleigh;
    v = next;
    if (done) break;
  }
  return Math.sqrt(sigma2);
}
