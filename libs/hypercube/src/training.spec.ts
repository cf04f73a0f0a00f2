import { createRng } from '@gsn/tensor';
import { cyclicGroup, isGroupIsotope, isotopyClassRepresentatives, latinSquare, symmetricGroup } from '@gsn/groups';
import { complementPairs, completionAccuracy, closureDiagnostics, unitarityError } from './diagnostics';
import { normAndMisalignment, regularizer } from './factorization';
import { completionObjective, observedPairs, randomFactors, trainCompletion, validateCompletionOptions } from './training';

describe('HyperCube training', () => {
  it.each([false, true])('the completion objective gradient matches central differences (Latin marginals: %s)', (marginals) => {
    const l = latinSquare(cyclicGroup(3).table, 3);
    const f = randomFactors(3, 3, 4);
    const pairs = observedPairs(3, 0.7, 1);
    const rng = createRng(8);
    const lambda = Float64Array.from({ length: pairs.length * 3 }, () => 0.1 * rng.normal());
    const mu = marginals ? Float64Array.from({ length: 27 }, () => 0.1 * rng.normal()) : undefined;
    const obj = completionObjective(f, l, pairs, lambda, 0.3, mu);
    expect(obj.marginalResidual.length).toBe(marginals ? 27 : 0);
    const h = 1e-6;
    for (const [x, g] of [
      [f.a, obj.ga],
      [f.b, obj.gb],
      [f.c, obj.gc],
    ] as const)
      for (const i of [0, 5, 13, 26]) {
        const x0 = x[i];
        x[i] = x0 + h;
        const vp = completionObjective(f, l, pairs, lambda, 0.3, mu).value;
        x[i] = x0 - h;
        const vm = completionObjective(f, l, pairs, lambda, 0.3, mu).value;
        x[i] = x0;
        expect(Math.abs((vp - vm) / (2 * h) - g[i])).toBeLessThan(1e-6 * Math.max(1, Math.abs(g[i])));
      }
  });

  it('H3: on the full Z5 table, training reaches H/3n² = 1, unitary factors and a closed regular representation', () => {
    const l = latinSquare(cyclicGroup(5).table, 5);
    const all = observedPairs(5, 1, 1);
    const { factors, history } = trainCompletion(l, all, { steps: 2500, seed: 2 });
    const last = history[history.length - 1];
    expect(last.maxResidual).toBeLessThan(1e-4);
    expect(Math.abs(regularizer(factors).h / 75 - 1)).toBeLessThan(1e-3);
    expect(normAndMisalignment(factors, l).misalignment / 75).toBeLessThan(1e-4); // ℛ relative to H
    expect(unitarityError(factors)).toBeLessThan(1e-3);
    const { closureError, characterError } = closureDiagnostics(factors);
    expect(closureError).toBeLessThan(1e-3);
    expect(characterError).toBeLessThan(1e-3);
  });

  it('H4: the non-group Latin square of order 5 stays strictly above the floor H = 3n² (2 restarts)', () => {
    const nonGroup = isotopyClassRepresentatives(5).find((l) => !isGroupIsotope(l))!;
    const all = observedPairs(5, 1, 1);
    const floors = [1, 2].map((seed) => {
      const { factors, history } = trainCompletion(nonGroup, all, { steps: 1500, seed });
      expect(history[history.length - 1].maxResidual).toBeLessThan(1e-3);
      return regularizer(factors).h / 75;
    });
    expect(Math.min(...floors)).toBeGreaterThan(1.05);
  });

  it('H5: from 60% of the Z7 table, argmax T̂ recovers every unobserved entry', () => {
    const l = latinSquare(cyclicGroup(7).table, 7);
    const observed = observedPairs(7, 0.6, 3);
    const { factors } = trainCompletion(l, observed, { steps: 1500, epsilon: 0.5, seed: 1 });
    expect(completionAccuracy(factors, l, observed)).toBe(1);
    expect(completionAccuracy(factors, l, complementPairs(7, observed))).toBe(1);
  });

  it('H5: from 50% of the S3 table, the Latin marginals make argmax T̂ recover every unobserved entry; H alone does not', () => {
    const l = latinSquare(symmetricGroup(3).table, 6);
    const observed = observedPairs(6, 0.5, 1);
    const test = complementPairs(6, observed);
    const run = (latinMarginals: boolean) => trainCompletion(l, observed, { steps: 1500, epsilon: 0.5, seed: 1, latinMarginals });
    const { factors, history } = run(true);
    expect(history[history.length - 1].maxResidual).toBeLessThan(0.05);
    expect(completionAccuracy(factors, l, test)).toBe(1);
    // without the marginals H shrinks T̂ on the unobserved pairs below the floor 3n² and the argmax is not the table
    const free = run(false).factors;
    expect(regularizer(free).h / 108).toBeLessThan(0.95);
    expect(completionAccuracy(free, l, test)).toBeLessThan(1);
  });

  it('names the bad option', () => {
    expect(() => validateCompletionOptions({ steps: 0 })).toThrow(/steps/);
    expect(() => validateCompletionOptions({ epsilon: -1 })).toThrow(/epsilon/);
    expect(() => validateCompletionOptions({ latinMarginals: 1 as unknown as boolean })).toThrow(/latinMarginals/);
  });
});
