import { InvalidArgumentError, ShapeError } from '@gsn/tensor';
import { mlpForward, mlpLossAndGradient, validateMlpSpec, type MlpSpec } from './mlp';
import { randomMlpProblem } from './testing';

describe('mlp', () => {
  it.each<MlpSpec>([
    { sizes: [3, 5, 2], activation: 'relu' },
    { sizes: [3, 4, 4, 2], activation: 'leaky-relu', leak: 0.1 },
    { sizes: [2, 3, 1], activation: 'identity' },
  ])('gradient matches central differences (%j)', (spec) => {
    const { theta, x, y } = randomMlpProblem(spec, 7, 11);
    const { grad } = mlpLossAndGradient(spec, theta, x, y, 7);
    const h = 1e-6;
    let worst = 0;
    for (let p = 0; p < theta.length; p++) {
      const tp = Float64Array.from(theta);
      const tm = Float64Array.from(theta);
      tp[p] += h;
      tm[p] -= h;
      const fd = (mlpLossAndGradient(spec, tp, x, y, 7).loss - mlpLossAndGradient(spec, tm, x, y, 7).loss) / (2 * h);
      worst = Math.max(worst, Math.abs(fd - grad[p]));
    }
    expect(worst).toBeLessThan(1e-7);
  });

  it('rejects bad specs and shapes with the library error classes', () => {
    expect(() => validateMlpSpec({ sizes: [3], activation: 'relu' })).toThrow(InvalidArgumentError);
    expect(() => validateMlpSpec({ sizes: [3, 2], activation: 'leaky-relu' })).toThrow(InvalidArgumentError);
    const spec: MlpSpec = { sizes: [3, 2, 1], activation: 'relu' };
    expect(() => mlpForward(spec, new Float64Array(3), new Float64Array(3), 1)).toThrow(ShapeError);
  });
});
