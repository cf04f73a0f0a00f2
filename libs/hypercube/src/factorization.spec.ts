import { createRng, matMul, randomOrthogonal } from '@gsn/tensor';
import {
  cyclicGroup,
  dihedralGroup,
  directProduct,
  isotope,
  latinSquare,
  quaternionGroup,
  symmetricGroup,
} from '@gsn/groups';
import type { FiniteGroup } from '@gsn/groups';
import { applyGauge, normAndMisalignment, predict, regularRepresentationFactors, regularizer } from './factorization';
import type { Factors } from './factorization';
import { randomFactors } from './training';

const rng = createRng(9);

function randomPermutation(n: number): Int32Array {
  const p = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}

/** A well-conditioned random invertible matrix: orthogonal times a positive diagonal. */
function randomInvertible(d: number): Float64Array {
  const q = randomOrthogonal(d, rng);
  const diag = Float64Array.from({ length: d * d }, (_, i) => (i % (d + 1) === 0 ? 0.5 + rng.next() : 0));
  return matMul(q, diag, d, d, d);
}

function maxDiff(x: Float64Array, y: Float64Array): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
  return m;
}

/** Brute-force H from its definition, for checking the Gram-matrix formula. */
function regularizerByDefinition(f: Factors): number {
  const { symbols: n, dim: d } = f;
  const blk = (x: Float64Array, i: number) => x.subarray(i * d * d, (i + 1) * d * d);
  const sq = (x: Float64Array) => x.reduce((s, v) => s + v * v, 0);
  let s = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      s +=
        sq(matMul(blk(f.a, i), blk(f.b, j), d, d, d)) +
        sq(matMul(blk(f.b, i), blk(f.c, j), d, d, d)) +
        sq(matMul(blk(f.c, i), blk(f.a, j), d, d, d));
  return s / n;
}

describe('paper 000 properties (exact)', () => {
  it('H by Gram matrices equals its definition, and its gradient matches central differences', () => {
    const f = randomFactors(4, 3, 5);
    const { h, ga, gb, gc } = regularizer(f, true);
    expect(Math.abs(h - regularizerByDefinition(f))).toBeLessThan(1e-10 * h);
    const eps = 1e-6;
    for (const [x, g] of [
      [f.a, ga!],
      [f.b, gb!],
      [f.c, gc!],
    ] as const)
      for (const i of [0, 7, 20, 35]) {
        const x0 = x[i];
        x[i] = x0 + eps;
        const hp = regularizer(f).h;
        x[i] = x0 - eps;
        const hm = regularizer(f).h;
        x[i] = x0;
        expect(Math.abs((hp - hm) / (2 * eps) - g[i])).toBeLessThan(1e-6 * Math.max(1, Math.abs(g[i])));
      }
  });

  it('H1: T̂ is invariant under invertible gauges, H under orthogonal ones (1e-10)', () => {
    const f = randomFactors(5, 4, 2);
    const t = predict(f);
    const h = regularizer(f).h;
    const g1 = applyGauge(f, randomInvertible(4), randomInvertible(4), randomInvertible(4));
    expect(maxDiff(predict(g1), t)).toBeLessThan(1e-10);
    expect(Math.abs(regularizer(g1).h - h)).toBeGreaterThan(1e-3); // GL gauges do change H
    const g2 = applyGauge(f, randomOrthogonal(4, rng), randomOrthogonal(4, rng), randomOrthogonal(4, rng));
    expect(maxDiff(predict(g2), t)).toBeLessThan(1e-10);
    expect(Math.abs(regularizer(g2).h - h)).toBeLessThan(1e-10 * h);
  });

  const groups: [string, FiniteGroup][] = [
    ['Z5', cyclicGroup(5)],
    ['Z2xZ2', directProduct(cyclicGroup(2), cyclicGroup(2))],
    ['S3', symmetricGroup(3)],
    ['Q8', quaternionGroup()],
    ['D5', dihedralGroup(5)],
    ['Z12', cyclicGroup(12)],
  ];
  it.each(groups)('H2: regular-rep factors of a random isotope of %s give T̂ = δ, ℛ = 0, H = 3n²; a GL gauge keeps H = 𝔅 + ℛ', (_n, g) => {
    const n = g.order;
    const l = isotope(latinSquare(g.table, n), randomPermutation(n), randomPermutation(n), randomPermutation(n));
    const f = regularRepresentationFactors(l);
    const t = predict(f);
    for (let a = 0; a < n; a++)
      for (let b = 0; b < n; b++)
        for (let c = 0; c < n; c++) expect(t[(a * n + b) * n + c]).toBe(l.table[a * n + b] === c ? 1 : 0);
    const h = regularizer(f).h;
    expect(h).toBe(3 * n * n);
    const split = normAndMisalignment(f, l);
    expect(split.misalignment).toBeLessThan(1e-12);
    expect(Math.abs(split.base - h)).toBeLessThan(1e-9 * h);
    if (n <= 8) {
      const gauged = applyGauge(f, randomInvertible(n), randomInvertible(n), randomInvertible(n));
      const hg = regularizer(gauged).h;
      const sg = normAndMisalignment(gauged, l);
      expect(sg.misalignment).toBeGreaterThan(1e-3);
      expect(Math.abs(sg.base + sg.misalignment - hg)).toBeLessThan(1e-10 * hg);
      expect(hg).toBeGreaterThan(3 * n * n);
    }
  });
});
