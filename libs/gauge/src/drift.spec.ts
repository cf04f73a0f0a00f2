import { mlpLossAndGradient, type MlpSpec } from './mlp';
import { imbalances } from './orbit';
import { scaleDrift } from './drift';
import { randomMlpProblem } from './testing';

describe('G3: scale drift of one GD step on L', () => {
  it.each<MlpSpec>([
    { sizes: [4, 6, 2], activation: 'relu' },
    { sizes: [4, 5, 6, 3], activation: 'relu' },
    { sizes: [3, 5, 4, 2], activation: 'leaky-relu', leak: 0.1 },
  ])('Δ_j⁺ − Δ_j = η²(‖g_in‖² − ‖g_out‖²) to 1e-12 (%j)', (spec) => {
    const { theta, x, y } = randomMlpProblem(spec, 12, 9);
    const { grad } = mlpLossAndGradient(spec, theta, x, y, 12);
    const eta = 0.2;
    const before = imbalances(spec, theta);
    const after = imbalances(spec, theta.map((v, p) => v - eta * grad[p]));
    const drift = scaleDrift(spec, grad, eta);
    expect(drift.reduce((m, v) => Math.max(m, Math.abs(v)), 0)).toBeGreaterThan(1e-4);
    after.forEach((a, j) => expect(Math.abs(a - before[j] - drift[j])).toBeLessThan(1e-12 * (1 + Math.abs(before[j]))));
  });
});
