import { ConvergenceError, createRng, InvalidArgumentError, StabilityError } from '@gsn/tensor';
import { expectClose } from '@gsn/tensor/testing';
import { denseSolve, forwardBackward } from '@gsn/solvers';
import { weightedGraph } from '@gsn/graph';
import { cubicNlsPotential, focusingCubicPotential, modReluPotential } from './radial-potentials';
import { reluPotential } from './relu-potential';
import { zeroPotential } from './zero-potential';
import type { Potential } from './potential';
import { layerOperator, type StationaryLayer } from './stationary-layer';
import { stationaryResidual, stationaryState } from './stationary-state';
import { checkStability, stationaryJacobianMinEigenvalue } from './stability';
import { norm2 } from './state-layout';
import { denseSchrodinger, randomGraph, randomState } from './testing';

const tight = { tol: 1e-14, maxIter: 5000 };

function solve(layer: StationaryLayer, s: Float64Array, z0?: Float64Array, acceleration: 'none' | 'anderson' = 'none') {
  return stationaryState(layer, s, { solver: forwardBackward, solverOptions: { ...tight, acceleration }, z0 });
}

function randomLayer(seed: number, potential: Potential, channels = 2): StationaryLayer {
  const rng = createRng(seed);
  return { graph: randomGraph(rng, 8, 6), channels, kappa: 0.7, potential };
}

describe('stationaryState', () => {
  it('P4: two nodes, weight w, V = κI, Φ = 0 match the closed form', () => {
    const w = 0.8;
    const kappa = 1.3;
    const graph = weightedGraph({ nodes: 2, src: [0], dst: [1], weights: Float64Array.of(w), dtype: 'float64' });
    const layer: StationaryLayer = { graph, channels: 1, kappa, potential: zeroPotential() };
    const s = Float64Array.of(0.9, -0.4, -0.3, 1.1); // s_1 = 0.9 − 0.4i, s_2 = −0.3 + 1.1i
    const psi = solve(layer, s).state;
    const expected = new Float64Array(4);
    for (let part = 0; part < 2; part++) {
      const s1 = s[part];
      const s2 = s[2 + part];
      const even = (s1 + s2) / (2 * kappa);
      const odd = (s1 - s2) / (2 * (kappa + 2 * w));
      expected[part] = even + odd;
      expected[2 + part] = even - odd;
    }
    expectClose(psi, expected, 1e-12, 'closed form');
  });

  it('P4: the edgeless graph with the ReLU potential gives T(s) = max(s/κ, 0)', () => {
    const graph = weightedGraph({ nodes: 5, src: [], dst: [], dtype: 'float64' });
    const layer: StationaryLayer = { graph, channels: 2, kappa: 0.6, potential: reluPotential() };
    const s = randomState(createRng(3), 20, 2);
    expectClose(solve(layer, s).state, s.map((x) => Math.max(x / 0.6, 0)), 1e-14, 'relu layer');
  });

  it('P4: Φ = 0 matches a dense solve of (L_w + V)ψ = s and T is symmetric', () => {
    const rng = createRng(5);
    const layer: StationaryLayer = { ...randomLayer(5, zeroPotential(), 1), onsite: randomState(rng, 8).map(Math.abs) };
    const n = 8;
    const s = randomState(rng, 2 * n);
    const psi = solve(layer, s).state;
    const h = denseSchrodinger(layer);
    for (let part = 0; part < 2; part++) {
      const b = Float64Array.from({ length: n }, (_, i) => s[2 * i + part]);
      const x = denseSolve(h.slice(), n, b);
      expectClose(Float64Array.from({ length: n }, (_, i) => psi[2 * i + part]), x, 1e-11, `part ${part}`);
    }
    const s2 = randomState(rng, 2 * n);
    const psi2 = solve(layer, s2).state;
    const dot = (a: Float64Array, b: ArrayLike<number>) => a.reduce((acc, x, i) => acc + x * b[i], 0);
    expect(Math.abs(dot(s2, psi) - dot(s, psi2))).toBeLessThan(1e-11);
  });

  it.each<[string, Potential]>([
    ['relu', reluPotential()],
    ['modrelu', modReluPotential(0.3)],
    ['cubic NLS', cubicNlsPotential(0.8)],
  ])('P5: %s layer is 1/κ-Lipschitz in the source', (_name, potential) => {
    const layer = randomLayer(7, potential);
    const rng = createRng(8);
    for (let trial = 0; trial < 4; trial++) {
      const s = randomState(rng, 32, 2);
      const s2 = randomState(rng, 32, 2);
      const t2 = solve(layer, s2).state;
      const d = norm2(solve(layer, s).state.map((x, i) => x - t2[i]));
      expect(d).toBeLessThanOrEqual(norm2(s.map((x, i) => x - s2[i])) / layer.kappa + 1e-12);
    }
  });

  it('P1: forward–backward contracts at rate ≤ q = 1 − κ/Λ and reaches the stationary residual', () => {
    const layer = randomLayer(9, cubicNlsPotential(0.8));
    const s = randomState(createRng(10), 32, 2);
    const result = solve(layer, s);
    const op = layerOperator(layer, s);
    const q = 1 - op.kappa / op.lambdaBound;
    expect(result.converged).toBe(true);
    expect(result.iterations).toBeLessThanOrEqual(Math.log(1e-14) / Math.log(q) + 20);
    const r = result.residuals;
    for (let k = 5; k < r.length - 5; k++) expect(r[k + 1]).toBeLessThanOrEqual(q * r[k] * (1 + 1e-6) + 1e-15);
    expect(stationaryResidual(layer, result.state, s, result.alpha)).toBeLessThan(1e-12);
  });

  it('is unique: different starts and Anderson acceleration reach the same state', () => {
    const layer = randomLayer(12, modReluPotential(0.4));
    const rng = createRng(13);
    const s = randomState(rng, 32, 2);
    const reference = solve(layer, s).state;
    for (let trial = 0; trial < 3; trial++) {
      expectClose(solve(layer, s, randomState(rng, 32, 5)).state, reference, 1e-12, `start ${trial}`);
    }
    const accelerated = solve(layer, s, undefined, 'anderson');
    expectClose(accelerated.state, reference, 1e-11, 'anderson');
  });

  it.each<[string, Potential]>([
    ['relu', reluPotential()],
    ['modrelu', modReluPotential(0.3)],
    ['cubic NLS', cubicNlsPotential(0.8)],
  ])('%s: a NaN in the source is a ConvergenceError, never a returned state', (_name, potential) => {
    const s = randomState(createRng(15), 32);
    s[5] = NaN;
    expect(() => solve(randomLayer(15, potential), s)).toThrow(ConvergenceError);
  });

  it('rejects a step outside (0, 2/Λ)', () => {
    const layer = randomLayer(14, zeroPotential());
    const s = new Float64Array(32);
    expect(() => stationaryState(layer, s, { solver: forwardBackward, solverOptions: tight, alpha: 5 })).toThrow(
      InvalidArgumentError,
    );
  });

  describe('focusing (non-convex) potential', () => {
    const graph = weightedGraph({ nodes: 3, src: [0, 1], dst: [1, 2], weights: Float64Array.of(0.5, 0.5), dtype: 'float64' });
    const layer: StationaryLayer = { graph, channels: 1, kappa: 1, potential: focusingCubicPotential(1) };

    it('solves on a stable branch (small source) with λ_min(H + ∇²Φ) > 0', () => {
      const s = Float64Array.of(0.1, 0.05, -0.08, 0, 0.12, -0.02);
      const result = solve(layer, s);
      expect(stationaryResidual(layer, result.state, s, result.alpha)).toBeLessThan(1e-12);
      expect(stationaryJacobianMinEigenvalue(layer, result.state).min).toBeGreaterThan(0);
    });

    it('throws StabilityError when the parameters leave every stable branch', () => {
      const s = Float64Array.of(1.5, 0, 1.5, 0, 1.5, 0);
      expect(() => solve(layer, s)).toThrow(StabilityError);
    });

    it('throws StabilityError at a stationary state off the stable branch', () => {
      // edgeless single node: κr − βr³ = s has the unstable root r with 3βr² > κ
      const single: StationaryLayer = {
        graph: weightedGraph({ nodes: 1, src: [], dst: [], dtype: 'float64' }),
        channels: 1,
        kappa: 1,
        potential: focusingCubicPotential(1),
      };
      const r = 0.8;
      expect(() => checkStability(single, Float64Array.of(r, 0))).toThrow(StabilityError);
      expect(() => checkStability(single, Float64Array.of(0.2, 0))).not.toThrow();
    });
  });
});
