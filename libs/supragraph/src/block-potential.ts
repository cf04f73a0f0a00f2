import type { Real } from '@gsn/tensor';
import { layerCount, type SupraGraph } from './supra-graph';

/**
 * Φ(Ψ) = Σ_ℓ Φ_ℓ(ψ_ℓ) on global (N, 2c) states: every map acts layer by layer on the views of
 * `@gsn/stationary`'s potentials. The prox of a separable sum is the blockwise prox, and so is
 * its Jacobian D = blockdiag(D_ℓ).
 */
function eachLayer(supra: SupraGraph, f: (l: number, a: number, b: number) => void): void {
  const w = 2 * supra.channels;
  for (let l = 0; l < layerCount(supra); l++) f(l, supra.offsets[l] * w, supra.offsets[l + 1] * w);
}

/** out = prox_{αΦ}(y). */
export function blockProx(supra: SupraGraph, y: Real, alpha: number, out: Real): void {
  eachLayer(supra, (l, a, b) => supra.potentials[l].prox(y.subarray(a, b), alpha, supra.channels, out.subarray(a, b)));
}

/** out = D v, D = ∂prox_{αΦ}(y). */
export function blockProxJvp(supra: SupraGraph, y: Real, alpha: number, v: Real, out: Real): void {
  eachLayer(supra, (l, a, b) =>
    supra.potentials[l].proxJvp(y.subarray(a, b), alpha, supra.channels, v.subarray(a, b), out.subarray(a, b)),
  );
}
