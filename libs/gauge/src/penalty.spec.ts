import { InvalidArgumentError, matVec, ShapeError } from '@gsn/tensor';
import { mlpForward, type MlpSpec } from './mlp';
import { generatorGram, hiddenNeurons, imbalances, logImbalances, neuronNorms, rescaleNeurons } from './orbit';
import { imbalanceAfterStep } from './drift';
import { mlpNormBalancingPenalty, normBalancingPenalty } from './penalty';
import { randomMlpProblem } from './testing';

const DEEP: MlpSpec = { sizes: [3, 4, 5, 2], activation: 'relu' };
const SHALLOW: MlpSpec = { sizes: [3, 4, 2], activation: 'relu' };

describe('norm-balancing penalty Ω_λ = (λ/4) Σ Δ_j²', () => {
  it('gradient matches central differences', () => {
    const { theta } = randomMlpProblem(DEEP, 1, 5);
    const lambda = 0.3;
    const { grad } = mlpNormBalancingPenalty(DEEP, theta, lambda);
    const h = 1e-6;
    let worst = 0;
    for (let p = 0; p < theta.length; p++) {
      const tp = Float64Array.from(theta);
      const tm = Float64Array.from(theta);
      tp[p] += h;
      tm[p] -= h;
      const fd = (mlpNormBalancingPenalty(DEEP, tp, lambda).value - mlpNormBalancingPenalty(DEEP, tm, lambda).value) / (2 * h);
      worst = Math.max(worst, Math.abs(fd - grad[p]));
    }
    expect(worst).toBeLessThan(1e-7);
  });

  it("gives the same value and gradients in the tfjs 'in-out' kernel layout", () => {
    const rng = [0.3, -1.2, 0.7, 2.0, -0.4, 0.9, 1.1, -0.8, 0.5, -1.5, 0.2, 0.6];
    const w1 = Float64Array.from(rng.slice(0, 6)); // 3 x 2 (out-in)
    const w2 = Float64Array.from(rng.slice(6, 12)); // 2 x 3 (out-in)
    const t = (w: Float64Array, rows: number, cols: number) => Float64Array.from({ length: w.length }, (_, p) => w[(p % rows) * cols + Math.floor(p / rows)]);
    const a = normBalancingPenalty([{ weights: [w1], fanIn: 2, fanOut: 3 }, { weights: [w2], fanIn: 3, fanOut: 2 }], 0.5);
    const b = normBalancingPenalty(
      [{ weights: [t(w1, 3, 2)], fanIn: 2, fanOut: 3 }, { weights: [t(w2, 2, 3)], fanIn: 3, fanOut: 2 }],
      0.5,
      { layout: 'in-out' },
    );
    expect(b.value).toBeCloseTo(a.value, 14);
    expect(Array.from(b.weightGrads[1][0])).toEqual(Array.from(t(a.weightGrads[1][0], 2, 3)).map((v) => expect.closeTo(v, 14)));
  });

  it("'layer' grouping penalises the per-layer imbalance Σ_j Δ_j", () => {
    const { theta } = randomMlpProblem(SHALLOW, 1, 6);
    const { weightGrads, imbalance, value } = normBalancingPenalty(
      [
        { weights: [theta.subarray(0, 12)], biases: [theta.subarray(12, 16)], fanIn: 3, fanOut: 4 },
        { weights: [theta.subarray(16, 24)], fanIn: 4, fanOut: 2 },
      ],
      2,
      { grouping: 'layer' },
    );
    const total = imbalances(SHALLOW, theta).reduce((s, v) => s + v, 0);
    expect(imbalance[0]).toBeCloseTo(total, 12);
    expect(value).toBeCloseTo((2 / 4) * total * total, 12);
    expect(weightGrads[1][0][0]).toBeCloseTo(-2 * total * theta[16], 12);
  });

  it('rejects bad lambda, options and shapes', () => {
    const layer = { weights: [new Float64Array(4)], fanIn: 2, fanOut: 2 };
    expect(() => normBalancingPenalty([layer, layer], -1)).toThrow(InvalidArgumentError);
    expect(() => normBalancingPenalty([layer, layer], 1, { grouping: 'x' as 'layer' })).toThrow(InvalidArgumentError);
    expect(() => normBalancingPenalty([layer, { weights: [new Float64Array(6)], fanIn: 3, fanOut: 2 }], 1)).toThrow(ShapeError);
  });
});

describe('G4: the Ω-gradient flow relaxes imbalance and keeps the function', () => {
  function flow(theta0: Float64Array, lambda: number, eta: number, steps: number, every: number): Float64Array[] {
    let theta = Float64Array.from(theta0);
    const snaps = [theta];
    for (let t = 1; t <= steps; t++) {
      const { grad } = mlpNormBalancingPenalty(SHALLOW, theta, lambda);
      theta = theta.map((v, p) => v - eta * grad[p]);
      if (t % every === 0) snaps.push(theta);
    }
    return snaps;
  }

  it('η = 1e-4, 1e4 steps: tanh(δ_j/2) decays like exp(−4λρ_j t), ρ_j constant, function change O(η)', () => {
    const { theta: raw, x } = randomMlpProblem(SHALLOW, 10, 7);
    const theta0 = rescaleNeurons(SHALLOW, raw, Float64Array.from([1.2, -0.8, 0.5, 0.0]));
    const lambda = 1;
    const eta = 1e-4;
    const snaps = flow(theta0, lambda, eta, 10000, 2500); // t = 0, 0.25, …, 1
    const { inSq, outSq } = neuronNorms(SHALLOW, theta0);
    const rho = inSq.map((a, j) => Math.sqrt(a * outSq[j]));
    const d0 = logImbalances(SHALLOW, theta0);
    snaps.forEach((th, k) => {
      const t = 0.25 * k;
      const d = logImbalances(SHALLOW, th);
      const n = neuronNorms(SHALLOW, th);
      d.forEach((dj, j) => {
        const predicted = 2 * Math.atanh(Math.tanh(d0[j] / 2) * Math.exp(-4 * lambda * rho[j] * t));
        expect(Math.abs(dj - predicted)).toBeLessThan(2e-3 * Math.abs(d0[j]) + 1e-12);
        expect(Math.sqrt(n.inSq[j] * n.outSq[j])).toBeCloseTo(rho[j], 3);
      });
    });
    expect(Math.abs(logImbalances(SHALLOW, snaps[4])[0])).toBeLessThan(0.2 * Math.abs(d0[0]));
    const change = (th: Float64Array) => {
      const f0 = mlpForward(SHALLOW, theta0, x, 10);
      const f1 = mlpForward(SHALLOW, th, x, 10);
      return f1.reduce((m, v, i) => Math.max(m, Math.abs(v - f0[i])), 0) / f0.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    };
    const c1 = change(snaps[4]);
    const c2 = change(flow(theta0, lambda, 2 * eta, 5000, 5000)[1]);
    expect(c1).toBeLessThan(1e-3);
    expect(c2 / c1).toBeGreaterThan(1.6); // O(η): halving η halves the change
    expect(c2 / c1).toBeLessThan(2.4);
  });

  it('deep net (F3): one Ω step changes Δ by exactly −2ηλKΔ + η²(‖g_in‖² − ‖g_out‖²), so Δ̇ = −2λKΔ', () => {
    const { theta } = randomMlpProblem(DEEP, 1, 8);
    const lambda = 0.4;
    const { grad } = mlpNormBalancingPenalty(DEEP, theta, lambda);
    const delta = imbalances(DEEP, theta);
    const h = hiddenNeurons(DEEP).length;
    const kDelta = matVec(generatorGram(DEEP, theta), h, h, delta);
    for (const eta of [1e-3, 1e-5]) {
      const after = imbalances(DEEP, theta.map((v, p) => v - eta * grad[p]));
      const exact = imbalanceAfterStep(DEEP, theta, grad, eta);
      after.forEach((a, j) => {
        expect(Math.abs(a - exact[j])).toBeLessThan(1e-12 * (1 + Math.abs(a)));
        const rate = (a - delta[j]) / eta;
        expect(Math.abs(rate + 2 * lambda * kDelta[j])).toBeLessThan(50 * eta * (1 + Math.abs(kDelta[j])));
      });
    }
  });
});
