import { mlpForward, type MlpSpec } from './mlp';
import { hiddenNeurons, imbalances, neuronNorms, rescaleNeurons } from './orbit';
import { hardGaugeFix } from './balance';
import { fromGaugeCoordinates, fromGaugeSplit, gaugeCoordinates, gaugeSplit } from './coordinates';
import { randomMlpProblem } from './testing';

const maxRel = (a: Float64Array, b: Float64Array) =>
  a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0) / b.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

describe('G5: gauge-coordinate round trip', () => {
  it('one hidden layer: θ → (ρ, δ, û, v̂) → θ exact; δ shifts by 2 log α, ρ/û/v̂ invariant', () => {
    const spec: MlpSpec = { sizes: [4, 7, 3], activation: 'relu' };
    const { theta } = randomMlpProblem(spec, 1, 10);
    const c = gaugeCoordinates(spec, theta);
    expect(maxRel(fromGaugeCoordinates(spec, c), theta)).toBeLessThan(1e-14);
    const s = Float64Array.from({ length: 7 }, (_, j) => 0.3 * j - 1);
    const c2 = gaugeCoordinates(spec, rescaleNeurons(spec, theta, s));
    c2.delta.forEach((d, j) => expect(d - c.delta[j]).toBeCloseTo(2 * s[j], 12));
    expect(maxRel(c2.rho, c.rho)).toBeLessThan(1e-14);
    expect(maxRel(c2.inDirections, c.inDirections)).toBeLessThan(1e-14);
    expect(maxRel(c2.outDirections, c.outDirections)).toBeLessThan(1e-14);
  });

  it('any depth: θ → (balanced θ̄, log-scales s) → θ exact, θ̄ the same for every point of the orbit', () => {
    const spec: MlpSpec = { sizes: [4, 5, 6, 2], activation: 'relu' };
    const { theta } = randomMlpProblem(spec, 1, 11);
    const { balanced, logScales } = gaugeSplit(spec, theta);
    expect(maxRel(fromGaugeSplit(spec, balanced, logScales), theta)).toBeLessThan(1e-12);
    const moved = rescaleNeurons(spec, theta, Float64Array.from(hiddenNeurons(spec), (_, j) => Math.cos(3 * j)));
    expect(maxRel(gaugeSplit(spec, moved).balanced, balanced)).toBeLessThan(1e-9);
  });
});

describe('hard gauge fix (balancing sweeps)', () => {
  it.each<MlpSpec>([
    { sizes: [4, 6, 2], activation: 'relu' },
    { sizes: [4, 5, 6, 3], activation: 'leaky-relu', leak: 0.1 },
  ])('balances every neuron, keeps the function to 1e-12, lowers Σ‖W‖² (%j)', (spec) => {
    const { theta: raw, x } = randomMlpProblem(spec, 10, 12);
    const theta = rescaleNeurons(spec, raw, Float64Array.from(hiddenNeurons(spec), (_, j) => Math.log(16) * ((j % 3) - 1)));
    const fix = hardGaugeFix(spec, theta);
    const { inSq, outSq } = neuronNorms(spec, fix.theta);
    imbalances(spec, fix.theta).forEach((d, j) => expect(Math.abs(d)).toBeLessThan(1e-12 * (inSq[j] + outSq[j])));
    expect(maxRel(mlpForward(spec, fix.theta, x, 10), mlpForward(spec, theta, x, 10))).toBeLessThan(1e-12);
    const sq = (t: Float64Array) => t.reduce((s, v) => s + v * v, 0);
    expect(sq(fix.theta)).toBeLessThan(sq(theta));
    if (spec.sizes.length === 3) expect(fix.sweeps).toBe(1);
  });
});
