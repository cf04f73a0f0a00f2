import { createRng, InvalidArgumentError } from '@gsn/tensor';
import { forwardBackward, symmetricEigenvalues, type ForwardBackwardOptions } from '@gsn/solvers';
import { randomState } from '@gsn/stationary/testing';
import type { LayerSolve } from './exact-solve';
import { globalConditions } from './global-conditions';
import { layerOffsets } from './multilayer-network';
import { penalizedForwardBackward, penalizedGaussSeidel } from './penalized-solve';
import { checkSupragraph, logLogSlope, relativeMaxError } from './penalty-sweep';
import { randomNetwork } from './random-network';
import { assembleSupraGraph } from './supra-graph';
import { denseSupraOperator, supraOperator } from './supra-operator';

const tight: Partial<ForwardBackwardOptions> = { tol: 1e-14, maxIter: 100000 };
const solve: LayerSolve<Partial<ForwardBackwardOptions>> = { solver: forwardBackward, solverOptions: tight };

function setup(seed: number, options: Parameters<typeof randomNetwork>[1] = {}) {
  const rng = createRng(seed);
  const net = randomNetwork(rng, { layers: 3, nodes: 6, chords: 3, ...options });
  const N = layerOffsets(net)[3];
  const w = 2 * net.channels;
  const x = randomState(rng, net.inputNodes * w);
  const g = new Float64Array(N * w);
  g.set(randomState(rng, 6 * w), 12 * w);
  return { net, x, g, psi0: randomState(rng, N * w), supra: assembleSupraGraph(net) };
}

describe('penalised relaxation (SPEC 4.8, P8)', () => {
  it('P8: state and gradient errors are O(1/μ) for μ = 10 … 10⁶ (log-log slope −1 ± 0.1)', () => {
    const { net, x, g, psi0 } = setup(31);
    const mus = [1e1, 1e2, 1e3, 1e4, 1e5, 1e6];
    const r = checkSupragraph(net, x, g, psi0, mus);
    expect(Math.abs(r.stateSlope + 1)).toBeLessThan(0.1);
    expect(Math.abs(r.gradSlope + 1)).toBeLessThan(0.1);
    // error · μ settles to a constant (SPEC N: 1.48, 1.34, 1.331, 1.329 on its network).
    const scaled = r.rows.map((row) => row.stateError * row.mu);
    expect(Math.abs(scaled[5] / scaled[4] - 1)).toBeLessThan(1e-2);
    expect(r.exactMaxErr).toBeLessThan(1e-10);
    expect(r.adjointMaxErr).toBeLessThan(1e-10);
    expect(r.jacobiErrBeforeL).toBeGreaterThan(1e-4);
  });

  it('P8: 𝓔_μ is strongly convex for μ > μ_0 = (2 s_max/κ_min)², with λ_min ≥ κ_min − 2μ^{−1/2}s_max', () => {
    const { net, supra } = setup(32, { channels: 1, couplingNorm: 1.5, kappa: 1, onsite: false, chords: 2 });
    const cond = globalConditions(net);
    expect(cond.mu0).toBeCloseTo(9, 6);
    const off = supra.offsets;
    const n = supra.nodes * 2;
    for (const mu of [cond.mu0 * 1.01, 2 * cond.mu0, 100]) {
      // Rescaled quadratic form W^{1/2} M_μ W^{−1/2}, W = diag(μ^{L−ℓ}): symmetric.
      const m = denseSupraOperator(supraOperator(supra, mu));
      const scale = new Float64Array(n);
      for (let l = 0; l < 3; l++) for (let i = off[l] * 2; i < off[l + 1] * 2; i++) scale[i] = mu ** ((3 - (l + 1)) / 2);
      const q = m.map((v, k) => (v * scale[Math.floor(k / n)]) / scale[k % n]);
      let asym = 0;
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) asym = Math.max(asym, Math.abs(q[i * n + j] - q[j * n + i]));
      expect(asym).toBeLessThan(1e-12);
      const lmin = Math.min(...symmetricEigenvalues(q, n));
      expect(lmin).toBeGreaterThan(0);
      expect(lmin).toBeGreaterThanOrEqual(cond.kappaMin - (2 * cond.sMax) / Math.sqrt(mu) - 1e-12);
    }
  });

  it('block Gauss–Seidel and global FB reach the same penalised state (1e-10)', () => {
    const { net, x, supra } = setup(33);
    for (const mu of [10, 1000]) {
      const fb = penalizedForwardBackward(supra, x, mu, { solverOptions: tight });
      const gs = penalizedGaussSeidel(net, x, mu, solve, { tol: 1e-14 });
      expect(relativeMaxError(gs.state, fb.state)).toBeLessThan(1e-10);
    }
  });

  it('fits log-log slopes exactly on power laws and rejects bad penalties', () => {
    expect(logLogSlope([10, 100, 1000], [3, 0.3, 0.03])).toBeCloseTo(-1, 12);
    const { net, x, supra } = setup(34);
    expect(() => penalizedForwardBackward(supra, x, 0)).toThrow(InvalidArgumentError);
    expect(() => penalizedGaussSeidel(net, x, Infinity, solve)).toThrow(InvalidArgumentError);
  });
});
