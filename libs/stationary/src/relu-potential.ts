import type { Real } from '@gsn/tensor';
import type { Potential } from './potential';

/**
 * φ = indicator of ℝ_{≥0} on every real component (u and v of every channel):
 * prox = max(y, 0), D = diag(1[y > 0]) (the kink y = 0 is given D = 0). NaN inputs stay NaN,
 * so a solver sees them (a NaN is never hidden as a 0).
 * Not gauge invariant (a phase rotation leaves the orthant). No strength parameter.
 */
export function reluPotential(): Potential {
  return {
    name: 'relu',
    gaugeInvariant: false,
    convex: true,
    strength: undefined,
    value(z: Real): number {
      for (let i = 0; i < z.length; i++) if (z[i] < 0) return Infinity;
      return 0;
    },
    prox(y: Real, _alpha: number, _channels: number, out: Real): void {
      for (let i = 0; i < y.length; i++) out[i] = y[i] < 0 ? 0 : y[i]; // a NaN passes through
    },
    proxJvp(y: Real, _alpha: number, _channels: number, v: Real, out: Real): void {
      for (let i = 0; i < y.length; i++) out[i] = y[i] > 0 ? v[i] : 0;
    },
  };
}
