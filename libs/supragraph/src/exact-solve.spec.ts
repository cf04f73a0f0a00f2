import { createRng, InvalidArgumentError } from '@gsn/tensor';
import { denseSolve, forwardBackward, type ForwardBackwardOptions } from '@gsn/solvers';
import { modReluPotential, reluPotential, zeroPotential } from '@gsn/stationary';
import { randomState } from '@gsn/stationary/testing';
import { blockJacobi, forwardSubstitution, globalForwardBackward, type LayerSolve } from './exact-solve';
import { globalConditions, layerContractionRate, weightedForwardBackwardRate } from './global-conditions';
import { layerOffsets } from './multilayer-network';
import { relativeMaxError } from './penalty-sweep';
import { randomNetwork } from './random-network';
import { assembleSupraGraph } from './supra-graph';
import { denseSupraOperator, globalSource, supraOperator } from './supra-operator';

const tight: Partial<ForwardBackwardOptions> = { tol: 1e-14, maxIter: 100000 };
const solve: LayerSolve<Partial<ForwardBackwardOptions>> = { solver: forwardBackward, solverOptions: tight };

function setup(seed: number, options: Parameters<typeof randomNetwork>[1]) {
  const rng = createRng(seed);
  const net = randomNetwork(rng, options);
  const N = layerOffsets(net)[net.layers.length];
  const x = randomState(rng, net.inputNodes * 2 * net.channels);
  const psi0 = randomState(rng, N * 2 * net.channels, 3);
  return { net, x, psi0, supra: assembleSupraGraph(net) };
}

describe('exact global solves (SPEC 4.7, P7)', () => {
  it('P7: forward substitution equals the dense solve of MΨ = B(x) when Φ = 0', () => {
    const { net, x, supra } = setup(1, { layers: 3, nodes: 5, chords: 2, potential: zeroPotential() });
    const exact = forwardSubstitution(net, x, solve);
    const n = supra.nodes * 2 * supra.channels;
    const dense = denseSolve(denseSupraOperator(supraOperator(supra)), n, globalSource(supra, x) as Float64Array);
    expect(relativeMaxError(exact.state, dense)).toBeLessThan(1e-10);
  });

  for (const [name, potential] of [
    ['cubic NLS', undefined],
    ['ReLU', reluPotential()],
    ['modReLU', modReluPotential(0.3)],
  ] as const) {
    it(`P7: global forward–backward equals the layer-by-layer forward pass to 1e-10 (${name})`, () => {
      const { net, x, supra } = setup(2, { layers: 4, nodes: 7, ...(potential ? { potential } : {}) });
      const exact = forwardSubstitution(net, x, solve);
      const global = globalForwardBackward(supra, x, { solverOptions: tight });
      expect(global.converged).toBe(true);
      expect(relativeMaxError(global.state, exact.state)).toBeLessThan(1e-10);
    });
  }

  it('P7: global FB converges with κ_min < s_max (weighted, not plain, strong monotonicity; SPEC N)', () => {
    const { net, x, supra } = setup(5, { layers: 3, nodes: 6, kappa: 0.5, onsite: false, couplingNorm: 3.86 });
    const cond = globalConditions(net);
    expect(cond.unweightedMonotone).toBe(false);
    expect(cond.mBeta).toBeGreaterThan(0);
    expect(cond.nu).toBeGreaterThan(cond.nuMin);
    const exact = forwardSubstitution(net, x, solve);
    const global = globalForwardBackward(supra, x, { solverOptions: tight });
    expect(relativeMaxError(global.state, exact.state)).toBeLessThan(1e-10);
    // Empirical asymptotic rate ≤ the layer contraction bound at the default α.
    const r = global.residuals;
    const k = r.length - 20;
    const rate = (r[k + 10] / r[k]) ** (1 / 10);
    expect(rate).toBeLessThanOrEqual(layerContractionRate(cond, global.alpha) + 1e-3);
  });

  it('P7: block-Jacobi is exact after exactly L sweeps from any start, not after L − 1', () => {
    for (const seed of [3, 4]) {
      const { net, x, psi0 } = setup(seed, { layers: 4, nodes: 6 });
      const exact = forwardSubstitution(net, x, solve);
      const iterates = blockJacobi(net, x, psi0, 5, solve);
      expect(relativeMaxError(iterates[4], exact.state)).toBeLessThan(1e-10);
      expect(relativeMaxError(iterates[5], exact.state)).toBeLessThan(1e-10);
      expect(relativeMaxError(iterates[3], exact.state)).toBeGreaterThan(1e-4);
    }
  });

  it('reports the weighted strong-monotonicity constants of SPEC 4.7', () => {
    const { net } = setup(6, { layers: 3, nodes: 6, kappa: 1, onsite: false, couplingNorm: 2 });
    const c = globalConditions(net);
    expect(c.kappaMin).toBeCloseTo(1, 12);
    expect(c.sMax).toBeCloseTo(2, 8);
    expect(c.nuMin).toBeCloseTo(4, 6);
    expect(c.mBeta).toBeCloseTo(0.5, 8);
    expect(c.lBeta).toBeCloseTo(c.lambdaMax + 0.5, 8);
    expect(c.mu0).toBeCloseTo(16, 6);
    expect(weightedForwardBackwardRate(c, c.alphaMax / 2)).toBeLessThan(1);
    expect(weightedForwardBackwardRate(c, c.alphaMax)).toBeCloseTo(1, 12);
  });

  it('rejects a step outside (0, 2/Λ_max)', () => {
    const { x, supra } = setup(7, { layers: 2, nodes: 5, chords: 1 });
    expect(() => globalForwardBackward(supra, x, { alpha: 10 })).toThrow(InvalidArgumentError);
    expect(() => globalForwardBackward(supra, x, { operator: supraOperator(supra, 10) })).toThrow(InvalidArgumentError);
  });
});
