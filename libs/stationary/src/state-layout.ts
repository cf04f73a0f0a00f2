/**
 * The layout of a layer state ψ ∈ ℂ^{n×c} as one real array of shape (n, 2c), row-major:
 * node i holds `[u_1 .. u_c, v_1 .. v_c]` (real parts, then imaginary parts), so
 * `ψ_{i,k} = u[i*2c + k] + i·v[i*2c + c + k]`. Operators that act identically on u and v
 * (the real-ification blockdiag(H, H)) treat the array as an (n, 2c) matrix; phase-invariant
 * potentials act on each complex pair (u_{i,k}, v_{i,k}).
 */
import { ShapeError, type Real } from '@gsn/tensor';

/** Index of the real part of channel `k` of node `i` in a state with `channels` channels. */
export function realIndex(i: number, k: number, channels: number): number {
  return i * 2 * channels + k;
}

/** Index of the imaginary part of channel `k` of node `i`. */
export function imagIndex(i: number, k: number, channels: number): number {
  return i * 2 * channels + channels + k;
}

/** Throws a ShapeError unless `x` has the length of an (n, 2c) state; `name` goes in the message. */
export function assertStateShape(x: Real, nodes: number, channels: number, name: string): void {
  if (x.length !== nodes * 2 * channels) {
    throw new ShapeError(`${name}: length ${x.length}, expected nodes * 2 * channels = ${nodes} * 2 * ${channels}`);
  }
}

/** Re⟨a, b⟩ over the real-ified states: the plain dot product of the two arrays. */
export function realInner(a: Real, b: Real): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

export function norm2(a: Real): number {
  return Math.sqrt(realInner(a, a));
}
