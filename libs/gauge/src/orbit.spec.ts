import { createRng, dot, leastSquares, norm2 } from '@gsn/tensor';
import { mlpForward, mlpLossAndGradient, type MlpSpec } from './mlp';
import { generatorGram, hiddenNeurons, imbalances, orbitGenerator, rescaleNeurons, verticalCombination } from './orbit';
import { mlpNormBalancingPenalty } from './penalty';
import { randomMlpProblem } from './testing';

const SPECS: MlpSpec[] = [
  { sizes: [4, 6, 2], activation: 'relu' },
  { sizes: [4, 5, 6, 3], activation: 'relu' },
  { sizes: [3, 5, 4, 2], activation: 'leaky-relu', leak: 0.2 },
];

function maxAbs(a: Float64Array): number {
  return a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
}

describe('G1: function invariance under neuron rescaling', () => {
  it.each(SPECS)('random subset, α ∈ [0.1, 10], changes outputs by < 1e-12 relative (%j)', (spec) => {
    const { theta, x } = randomMlpProblem(spec, 20, 1);
    const rng = createRng(2);
    const h = hiddenNeurons(spec).length;
    const s = Float64Array.from({ length: h }, () => (rng.next() < 0.6 ? Math.log(0.1) + rng.next() * Math.log(100) : 0));
    const f0 = mlpForward(spec, theta, x, 20);
    const f1 = mlpForward(spec, rescaleNeurons(spec, theta, s), x, 20);
    expect(maxAbs(f1.map((v, i) => v - f0[i])) / maxAbs(f0)).toBeLessThan(1e-12);
    // The rescaling really moved θ (the test is not vacuous) ...
    expect(maxAbs(rescaleNeurons(spec, theta, s).map((v, i) => v - theta[i]))).toBeGreaterThan(0.1);
    // ... and scaling only the incoming weights is not a symmetry.
    const half = Float64Array.from(theta);
    const gen = orbitGenerator(spec, theta, hiddenNeurons(spec)[0]);
    gen.forEach((g, p) => {
      if (g !== 0 && g === theta[p]) half[p] *= 3;
    });
    const f2 = mlpForward(spec, half, x, 20);
    expect(maxAbs(f2.map((v, i) => v - f0[i])) / maxAbs(f0)).toBeGreaterThan(1e-6);
  });
});

describe('G2: ∇L is horizontal, ∇Ω is vertical', () => {
  it.each(SPECS)('⟨∇L, ξ_j⟩ = 0 to 1e-10 and ∇Ω ∈ span{ξ_j} to 1e-10 (%j)', (spec) => {
    const { theta, x, y } = randomMlpProblem(spec, 15, 3);
    const { grad } = mlpLossAndGradient(spec, theta, x, y, 15);
    const neurons = hiddenNeurons(spec);
    const gens = neurons.map((nrn) => orbitGenerator(spec, theta, nrn));
    for (const xi of gens) expect(Math.abs(dot(grad, xi))).toBeLessThan(1e-10 * norm2(grad) * norm2(xi));
    const rescaled = rescaleNeurons(spec, theta, Float64Array.from(neurons, (_, j) => 0.5 * Math.sin(j + 1)));
    const { grad: gOmega } = mlpNormBalancingPenalty(spec, rescaled, 0.7);
    const p = theta.length;
    const basis = new Float64Array(p * neurons.length);
    neurons.forEach((nrn, j) => orbitGenerator(spec, rescaled, nrn).forEach((v, i) => (basis[i * neurons.length + j] = v)));
    const fit = leastSquares(gOmega, basis, p, neurons.length);
    const combo = verticalCombination(spec, rescaled, imbalances(spec, rescaled).map((d) => 0.7 * d));
    expect(maxAbs(combo.map((v, i) => v - gOmega[i]))).toBeLessThan(1e-12 * maxAbs(gOmega));
    expect(norm2(gOmega)).toBeGreaterThan(1e-3);
    expect(fit.residualNorm).toBeLessThan(1e-10 * norm2(gOmega));
    // ∇L itself is far from vertical (the fit can fail).
    expect(leastSquares(grad, basis, p, neurons.length).residualNorm).toBeGreaterThan(0.5 * norm2(grad));
  });

  it('the generator Gram K matches ⟨ξ_j, ξ_k⟩ entry by entry (overlapping generators in deep nets)', () => {
    const spec = SPECS[1];
    const { theta } = randomMlpProblem(spec, 1, 4);
    const gens = hiddenNeurons(spec).map((nrn) => orbitGenerator(spec, theta, nrn));
    const k = generatorGram(spec, theta);
    const h = gens.length;
    let worst = 0;
    for (let a = 0; a < h; a++) for (let b = 0; b < h; b++) worst = Math.max(worst, Math.abs(k[a * h + b] - dot(gens[a], gens[b])));
    expect(worst).toBeLessThan(1e-14);
    expect(k.some((v, i) => i % (h + 1) !== 0 && v < 0)).toBe(true);
  });
});
