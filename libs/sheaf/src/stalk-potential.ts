/**
 * A U(d)-invariant potential for sheaf layers: the group modReLU φ(ψ_i) = β Σ_a ‖ψ_{i,a}‖ over the
 * stalk copies a of node i, ‖·‖ the norm of the whole complex d-vector. It is invariant under
 * every per-node unitary / orthogonal gauge g_i (what SHF → GSN needs, SPEC 4.10 C5), which
 * `@gsn/stationary`'s per-channel radial potentials are not for d ≥ 2.
 *
 * prox_{αφ}(y) = y·max(0, 1 − αβ/ρ), ρ = ‖y‖ per group; D v = (1 − αβ/ρ)v + (αβ/ρ)ŷ(ŷ·v) for ρ > αβ,
 * D = 0 otherwise (the kink takes D = 0, as stationary's modReLU).
 *
 * Two layouts of the same groups:
 * - 'node': sheaf states (n, 2c), c = d·f, copy a of node i at channels a·d .. a·d + d − 1;
 * - 'lifted': the GSN states of C5, (n·d, 2f): lifted node i·d + r holds stalk entry r of all
 *   f copies as its f channels.
 */
import { InvalidArgumentError, type Real } from '@gsn/tensor';
import type { Potential } from '@gsn/stationary';

export type StalkLayoutKind = 'node' | 'lifted';

/** Flat indices of the 2d real entries of every group (groups × 2d). */
function groupIndices(length: number, channels: number, stalk: number, layout: StalkLayoutKind): Int32Array {
  const d = stalk;
  if (layout === 'node') {
    if (channels % d !== 0) throw new InvalidArgumentError(`stalkModRelu: channels ${channels} not a multiple of the stalk ${d}`);
    const width = 2 * channels;
    const nodes = length / width;
    const copies = channels / d;
    const out = new Int32Array(nodes * copies * 2 * d);
    let q = 0;
    for (let i = 0; i < nodes; i++) {
      for (let a = 0; a < copies; a++) {
        for (let r = 0; r < d; r++) out[q++] = i * width + a * d + r;
        for (let r = 0; r < d; r++) out[q++] = i * width + channels + a * d + r;
      }
    }
    return out;
  }
  const width = 2 * channels;
  const lifted = length / width;
  if (lifted % d !== 0) throw new InvalidArgumentError(`stalkModRelu: ${lifted} lifted nodes not a multiple of the stalk ${d}`);
  const nodes = lifted / d;
  const out = new Int32Array(nodes * channels * 2 * d);
  let q = 0;
  for (let i = 0; i < nodes; i++) {
    for (let a = 0; a < channels; a++) {
      for (let r = 0; r < d; r++) out[q++] = (i * d + r) * width + a;
      for (let r = 0; r < d; r++) out[q++] = (i * d + r) * width + channels + a;
    }
  }
  return out;
}

export function stalkModReluPotential(beta: number, stalk: number, layout: StalkLayoutKind = 'node'): Potential {
  if (!(beta >= 0)) throw new InvalidArgumentError(`stalkModReluPotential: beta must be >= 0, got ${beta}`);
  if (!(Number.isInteger(stalk) && stalk >= 1)) throw new InvalidArgumentError(`stalkModReluPotential: stalk must be an integer >= 1, got ${stalk}`);
  const g = 2 * stalk;
  const cache = new Map<string, Int32Array>();
  const indices = (length: number, channels: number): Int32Array => {
    const key = `${length}/${channels}`;
    let idx = cache.get(key);
    if (!idx) {
      idx = groupIndices(length, channels, stalk, layout);
      cache.set(key, idx);
    }
    return idx;
  };
  const norm = (y: Real, idx: Int32Array, start: number): number => {
    let s = 0;
    for (let k = start; k < start + g; k++) s += y[idx[k]] ** 2;
    return Math.sqrt(s);
  };
  return {
    name: `stalkModRelu(${layout})`,
    gaugeInvariant: true,
    convex: true,
    strength: beta,
    value(z, channels) {
      const idx = indices(z.length, channels);
      let total = 0;
      for (let start = 0; start < idx.length; start += g) total += norm(z, idx, start);
      return beta * total;
    },
    prox(y, alpha, channels, out) {
      const idx = indices(y.length, channels);
      for (let start = 0; start < idx.length; start += g) {
        const rho = norm(y, idx, start);
        const scale = rho > alpha * beta ? 1 - (alpha * beta) / rho : 0;
        for (let k = start; k < start + g; k++) out[idx[k]] = scale * y[idx[k]];
      }
    },
    proxJvp(y, alpha, channels, v, out) {
      const idx = indices(y.length, channels);
      for (let start = 0; start < idx.length; start += g) {
        const rho = norm(y, idx, start);
        if (!(rho > alpha * beta)) {
          for (let k = start; k < start + g; k++) out[idx[k]] = 0;
          continue;
        }
        let dot = 0;
        for (let k = start; k < start + g; k++) dot += y[idx[k]] * v[idx[k]];
        const t = (alpha * beta) / rho;
        for (let k = start; k < start + g; k++) out[idx[k]] = (1 - t) * v[idx[k]] + (t * dot * y[idx[k]]) / (rho * rho);
      }
    },
    proxStrengthDerivative(y, alpha, channels, out) {
      const idx = indices(y.length, channels);
      for (let start = 0; start < idx.length; start += g) {
        const rho = norm(y, idx, start);
        for (let k = start; k < start + g; k++) out[idx[k]] = rho > alpha * beta ? (-alpha * y[idx[k]]) / rho : 0;
      }
    },
    withStrength(strength: number) {
      return stalkModReluPotential(strength, stalk, layout);
    },
  };
}
