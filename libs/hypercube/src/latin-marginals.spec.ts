import { createRng } from '@gsn/tensor';
import { cyclicGroup, isotope, latinSquare, symmetricGroup } from '@gsn/groups';
import { predict, regularRepresentationFactors } from './factorization';
import { addLatinMarginalTerm, latinMarginalResiduals } from './latin-marginals';
import { randomFactors } from './training';

const rng = createRng(21);

/** Fixed bijections of [n] (reversal, shifts) make a non-trivial isotope without a permutation sampler. */
const reversal = (n: number) => Int32Array.from({ length: n }, (_, i) => n - 1 - i);
const shift = (n: number, k: number) => Int32Array.from({ length: n }, (_, i) => (i + k) % n);

describe('Latin-square marginals of T̂', () => {
  it('equal the line sums of predict(f) − 1 (layout [a n + b | b n + c | c n + a])', () => {
    const f = randomFactors(4, 3, 6);
    const n = 4;
    const t = predict(f);
    const u = latinMarginalResiduals(f);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let overC = -1;
        let overA = -1;
        let overB = -1;
        for (let k = 0; k < n; k++) {
          overC += t[(i * n + j) * n + k]; // (a, b) = (i, j)
          overA += t[(k * n + i) * n + j]; // (b, c) = (i, j)
          overB += t[(j * n + k) * n + i]; // (c, a) = (i, j)
        }
        expect(Math.abs(u[i * n + j] - overC)).toBeLessThan(1e-12);
        expect(Math.abs(u[n * n + i * n + j] - overA)).toBeLessThan(1e-12);
        expect(Math.abs(u[2 * n * n + i * n + j] - overB)).toBeLessThan(1e-12);
      }
  });

  it('hold exactly at the regular-representation solution of group isotopes (Z6, S3)', () => {
    for (const g of [cyclicGroup(6), symmetricGroup(3)]) {
      const n = g.order;
      const l = isotope(latinSquare(g.table, n), reversal(n), shift(n, 1), shift(n, 2));
      const u = latinMarginalResiduals(regularRepresentationFactors(l));
      expect(u.length).toBe(3 * n * n);
      expect(u.reduce((s, v) => Math.max(s, Math.abs(v)), 0)).toBeLessThan(1e-12);
    }
  });

  it('the augmented-Lagrangian term gradient matches central differences', () => {
    const f = randomFactors(4, 3, 7);
    const n = 4;
    const lambda = Float64Array.from({ length: 3 * n * n }, () => 0.3 * rng.normal());
    const weight = 0.7;
    const evaluate = () => {
      const g = [new Float64Array(f.a.length), new Float64Array(f.b.length), new Float64Array(f.c.length)] as const;
      return { ...addLatinMarginalTerm(f, lambda, weight, g), g };
    };
    const { value, residual, g } = evaluate();
    let expected = 0;
    residual.forEach((u, i) => (expected += weight * (0.5 * u * u + lambda[i] * u)));
    expect(Math.abs(value - expected)).toBeLessThan(1e-12 * Math.max(1, Math.abs(value)));
    const h = 1e-6;
    [f.a, f.b, f.c].forEach((x, r) => {
      for (const i of [0, 4, 11, 23, 35]) {
        const x0 = x[i];
        x[i] = x0 + h;
        const vp = evaluate().value;
        x[i] = x0 - h;
        const vm = evaluate().value;
        x[i] = x0;
        expect(Math.abs((vp - vm) / (2 * h) - g[r][i])).toBeLessThan(1e-6 * Math.max(1, Math.abs(g[r][i])));
      }
    });
  });
});
