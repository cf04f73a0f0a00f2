import type { Real } from '@gsn/tensor';
import type { Potential } from './potential';

/** Φ ≡ 0: the linear layer ψ* = H^{-1}s (SPEC 4.4(d)); prox = identity, D = I. */
export function zeroPotential(): Potential {
  return {
    name: 'zero',
    gaugeInvariant: true,
    convex: true,
    strength: undefined,
    value: () => 0,
    prox(y: Real, _alpha: number, _channels: number, out: Real): void {
      out.set(y);
    },
    proxJvp(_y: Real, _alpha: number, _channels: number, v: Real, out: Real): void {
      out.set(v);
    },
    gradient(_z: Real, _channels: number, out: Real): void {
      out.fill(0);
    },
    hessianVp(_z: Real, _channels: number, _v: Real, out: Real): void {
      out.fill(0);
    },
  };
}
