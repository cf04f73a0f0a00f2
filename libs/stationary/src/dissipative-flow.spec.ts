import { createRng, InvalidArgumentError } from '@gsn/tensor';
import { expectClose, finiteDifferenceGradient } from '@gsn/tensor/testing';
import { cg, forwardBackward } from '@gsn/solvers';
import { cubicNlsPotential } from './radial-potentials';
import { reluPotential } from './relu-potential';
import { layerOperator, type StationaryLayer } from './stationary-layer';
import { stationaryState } from './stationary-state';
import { dissipativeFlow, energyGradient, stationaryEnergy } from './dissipative-flow';
import { randomGraph, randomState } from './testing';

const rng = createRng(31);
const layer: StationaryLayer = { graph: randomGraph(rng, 6, 3), channels: 2, kappa: 1, potential: cubicNlsPotential(0.5) };
const source = randomState(rng, 24, 0.6);
const psi0 = randomState(rng, 24, 0.5);
const fixedPointState = stationaryState(layer, source, {
  solver: forwardBackward,
  solverOptions: { tol: 1e-15, maxIter: 20000 },
}).state;

describe('dissipative Schrödinger flow (SPEC 4.2, 4.4(b))', () => {
  it('∇E is the gradient of E and vanishes at the stationary state', () => {
    const g = new Float64Array(24);
    energyGradient(layer, psi0, source, g);
    expectClose(g, finiteDifferenceGradient((x) => stationaryEnergy(layer, x, source), psi0.slice()), 1e-8, '∇E');
    energyGradient(layer, fixedPointState, source, g);
    expect(Math.max(...Array.from(g, Math.abs))).toBeLessThan(1e-12);
  });

  it.each([0, 1, 10])('P2: the IMEX flow with ω = %d reaches the forward–backward state to 1e-8', (omega) => {
    const result = dissipativeFlow(layer, source, psi0, {
      eta: 1,
      omega,
      tau: 0.1,
      scheme: 'imex',
      linearSolver: cg,
      linearSolverOptions: { tol: 1e-15, maxIter: 500, throwOnFail: false },
      maxSteps: 3000,
      tol: 1e-14,
    });
    expect(result.converged).toBe(true);
    expectClose(result.state, fixedPointState, 1e-8, `ω = ${omega}`);
  });

  it.each([0, 1, 3])('P3: the energy never increases along the explicit flow with ω = %d below the step bound', (omega) => {
    const eta = 1;
    const op = layerOperator(layer, source);
    const lipschitz = 3 * 0.5 * Math.max(...Array.from(psi0, (x) => 4 * x * x)); // generous bound on ∇²Φ
    const tau = (0.5 * 2 * eta) / ((eta * eta + omega * omega) * (op.lambdaBound + lipschitz));
    const energies: number[] = [stationaryEnergy(layer, psi0, source)];
    const result = dissipativeFlow(layer, source, psi0, {
      eta,
      omega,
      tau,
      scheme: 'explicit',
      maxSteps: 20000,
      tol: 1e-13,
      onStep: (psi) => energies.push(stationaryEnergy(layer, psi, source)),
    });
    expect(result.converged).toBe(true);
    for (let k = 1; k < energies.length; k++) expect(energies[k]).toBeLessThanOrEqual(energies[k - 1] + 1e-13);
    expect(energies[0] - energies[energies.length - 1]).toBeGreaterThan(1e-3);
    expectClose(result.state, fixedPointState, 1e-9, 'explicit flow limit');
  });

  it('needs a smooth potential and valid (η, ω, τ)', () => {
    const options = { eta: 1, omega: 0, tau: 0.1, scheme: 'explicit' as const, maxSteps: 1, tol: 1e-10 };
    expect(() => dissipativeFlow({ ...layer, potential: reluPotential() }, source, psi0, options)).toThrow(
      InvalidArgumentError,
    );
    expect(() => dissipativeFlow(layer, source, psi0, { ...options, eta: 0 })).toThrow(InvalidArgumentError);
  });
});
