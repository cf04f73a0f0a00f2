import { ConvergenceError, createRng, InvalidArgumentError, symmetricEigenvalues, type Real } from '@gsn/tensor';
import { denseOperator } from './dense-operator';
import { lanczosExtremes } from './lanczos';
import type { LinearOperator } from './operator';
import { randomSpd } from './testing';

function diagonal(d: Float64Array): LinearOperator {
  return (x: Real, out: Real) => {
    for (let i = 0; i < d.length; i++) out[i] = d[i] * x[i];
  };
}

describe('lanczosExtremes', () => {
  it('with k = n gives the exact extreme eigenvalues (1e-10) of a dense SPD matrix', () => {
    const n = 20;
    const a = randomSpd(n, 0.3, createRng(1));
    const eig = symmetricEigenvalues(a, n);
    const est = lanczosExtremes(denseOperator(a, n), n, n, createRng(2));
    expect(Math.abs(est.min - eig[0])).toBeLessThan(1e-10);
    expect(Math.abs(est.max - eig[n - 1])).toBeLessThan(1e-10);
    expect(est.minResidual).toBeLessThan(1e-8);
  });

  it('with k ≪ n brackets the spectrum from inside and finds separated extremes (n = 400, k = 40)', () => {
    const n = 400;
    // λ_min = −0.5 (an unstable direction), bulk in [1, 10], λ_max = 20.
    const d = Float64Array.from({ length: n }, (_, i) => 1 + (9 * i) / (n - 1));
    d[17] = -0.5;
    d[301] = 20;
    const est = lanczosExtremes(diagonal(d), n, 40, createRng(3));
    expect(est.steps).toBe(40);
    expect(est.min).toBeGreaterThanOrEqual(-0.5 - 1e-12);
    expect(est.max).toBeLessThanOrEqual(20 + 1e-12);
    expect(Math.abs(est.min + 0.5)).toBeLessThan(1e-8);
    expect(Math.abs(est.max - 20)).toBeLessThan(1e-8);
    expect(est.min - est.minResidual).toBeLessThan(0); // cannot certify λ_min > 0: correct
  });

  it('stops at an invariant subspace: exact values, fewer steps', () => {
    const est = lanczosExtremes(diagonal(Float64Array.of(2, 2, 2, 2, 2, 2)), 6, 5, createRng(4));
    expect(est).toMatchObject({ steps: 1 });
    expect(est.min).toBeCloseTo(2, 14);
    expect(est.max).toBeCloseTo(2, 14);
    expect(lanczosExtremes(diagonal(Float64Array.of(1, 3)), 2, 10, createRng(5)).steps).toBe(2);
  });

  it('rejects bad sizes and reports a non-finite operator as ConvergenceError', () => {
    const op = diagonal(Float64Array.of(1, 2));
    expect(() => lanczosExtremes(op, 2, 0, createRng(1))).toThrow(InvalidArgumentError);
    expect(() => lanczosExtremes(op, 0, 2, createRng(1))).toThrow(InvalidArgumentError);
    expect(() => lanczosExtremes(diagonal(Float64Array.of(1, NaN)), 2, 2, createRng(1))).toThrow(ConvergenceError);
  });
});
