import { ConvergenceError, createRng } from '@gsn/tensor';
import { initMlp, layerOffsets, type MlpSpec } from './mlp';
import type { StationaryEdge } from './stationary';

/**
 * Reference stationary layer with the ReLU indicator potential, for tests: ψ = argmin_{ψ ≥ 0}
 * ½ψᵀ(L_w + V)ψ − sᵀψ per channel, by projected gradient ψ ← max(0, ψ − τ((L_w + V)ψ − s)),
 * τ = 1/Λ with Λ = max_i (V_i + 2 deg_i) ≥ λ_max (Gershgorin). s and ψ are n x c row-major.
 */
export function reluStationaryState(n: number, edges: readonly StationaryEdge[], potential: Float64Array, s: Float64Array, channels: number): Float64Array {
  const deg = new Float64Array(n);
  for (const e of edges) {
    deg[e.i] += e.w;
    deg[e.j] += e.w;
  }
  let lambda = 0;
  for (let i = 0; i < n; i++) lambda = Math.max(lambda, potential[i] + 2 * deg[i]);
  const tau = 1 / lambda;
  let psi = new Float64Array(n * channels);
  const residuals: number[] = [];
  for (let it = 0; it < 100000; it++) {
    const h = new Float64Array(n * channels);
    for (let i = 0; i < n; i++) for (let c = 0; c < channels; c++) h[i * channels + c] = potential[i] * psi[i * channels + c];
    for (const e of edges) {
      for (let c = 0; c < channels; c++) {
        const d = e.w * (psi[e.i * channels + c] - psi[e.j * channels + c]);
        h[e.i * channels + c] += d;
        h[e.j * channels + c] -= d;
      }
    }
    const next = psi.map((p, k) => Math.max(0, p - tau * (h[k] - s[k])));
    let change = 0;
    let size = 0;
    next.forEach((v, k) => {
      change = Math.max(change, Math.abs(v - psi[k]));
      size = Math.max(size, Math.abs(v));
    });
    psi = next;
    residuals.push(change);
    if (!Number.isFinite(change)) break;
    if (change <= 1e-16 * Math.max(size, 1e-300)) return psi;
  }
  throw new ConvergenceError('reluStationaryState did not converge', residuals);
}

/** A random network θ and a random regression batch (X: n x d_0, Y: n x d_L), seeded. */
export function randomMlpProblem(spec: MlpSpec, n: number, seed: number): { theta: Float64Array; x: Float64Array; y: Float64Array } {
  const rng = createRng(seed);
  const theta = initMlp(spec, rng);
  // Non-zero biases so the bias entries of w_in are exercised too.
  for (const o of layerOffsets(spec)) for (let j = 0; j < o.fanOut; j++) theta[o.bias + j] = 0.3 * rng.normal();
  const x = Float64Array.from({ length: n * spec.sizes[0] }, () => rng.normal());
  const y = Float64Array.from({ length: n * spec.sizes.at(-1)! }, () => rng.normal());
  return { theta, x, y };
}
