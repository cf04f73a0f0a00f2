import { ConvergenceError, createRng, denseSolve, type Real } from '@gsn/tensor';
import { anderson, ANDERSON_DEFAULTS } from './anderson';
import { fixedPoint } from './fixed-point';
import type { FixedPointMap } from './operator';
import { maxAbsDiff, randomSpd, randomVector } from './testing';

/** Richardson map T(z) = z − α(Az − b) for SPD A: fixed point A⁻¹b. */
function richardson(n: number, kappa: number, seed: number) {
  const rng = createRng(seed);
  const a = randomSpd(n, kappa, rng);
  const b = randomVector(n, rng);
  let lambdaMax = 0; // Gershgorin bound
  for (let i = 0; i < n; i++) {
    let row = 0;
    for (let j = 0; j < n; j++) row += Math.abs(a[i * n + j]);
    lambdaMax = Math.max(lambdaMax, row);
  }
  const alpha = 1 / lambdaMax;
  const map: FixedPointMap = (z: Real, out: Real) => {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += a[i * n + j] * z[j];
      out[i] = z[i] - alpha * (s - b[i]);
    }
  };
  return { map, solution: denseSolve(a, n, b) };
}

describe('anderson', () => {
  it('untruncated (memory ≥ iterations) it is GMRES on a linear map: about n steps, far fewer than plain', () => {
    const n = 12;
    const { map, solution } = richardson(n, 0.01, 1);
    const accelerated = anderson(map, new Float64Array(n), { tol: 1e-12, memory: 2 * n, maxIter: 200 });
    expect(accelerated.iterations).toBeLessThanOrEqual(n + 8);
    expect(maxAbsDiff(accelerated.state, solution)).toBeLessThan(1e-9);
    const plain = fixedPoint(map, new Float64Array(n), { tol: 1e-12, maxIter: 100000 });
    expect(plain.iterations).toBeGreaterThan(10 * accelerated.iterations);
  });

  it('damping β < 1 also converges to the same point', () => {
    const n = 12;
    const { map, solution } = richardson(n, 0.1, 2);
    const result = anderson(map, new Float64Array(n), { tol: 1e-12, damping: 0.5, maxIter: 500 });
    expect(maxAbsDiff(result.state, solution)).toBeLessThan(1e-9);
  });

  it('safeguard: a singular least-squares system falls back to plain steps (no NaN)', () => {
    // T(z) = z + c has g_k = c for all k, so every ΔG is 0 and the system is singular.
    const shift: FixedPointMap = (z, out) => {
      for (let i = 0; i < z.length; i++) out[i] = z[i] + 1;
    };
    const result = anderson(shift, new Float64Array(3), { maxIter: 10, regularization: 0, throwOnFail: false });
    expect(result.converged).toBe(false);
    expect(Array.from(result.state)).toEqual([10, 10, 10]);
    expect(result.residuals.every(Number.isFinite)).toBe(true);
  });

  it('throws ConvergenceError on a NaN from the map, naming the iteration', () => {
    const { map } = richardson(5, 0.1, 3);
    let k = 0;
    const poisoned: FixedPointMap = (z, out) => {
      map(z, out);
      if (++k === 6) out[2] = NaN;
    };
    expect(() => anderson(poisoned, new Float64Array(5), { tol: 1e-14, throwOnFail: false })).toThrow(
      /anderson: non-finite value at iteration 6/,
    );
  });

  it('reports non-convergence with the history, and throws it when asked', () => {
    const { map } = richardson(8, 0.1, 4);
    const result = anderson(map, new Float64Array(8), { tol: 1e-15, maxIter: 3, throwOnFail: false });
    expect(result).toMatchObject({ converged: false, iterations: 3 });
    expect(result.residuals).toHaveLength(3);
    expect(() => anderson(map, new Float64Array(8), { tol: 1e-15, maxIter: 3 })).toThrow(ConvergenceError);
  });

  it('works in float32', () => {
    const n = 12;
    const { map, solution } = richardson(n, 0.1, 5);
    const result = anderson(map, new Float32Array(n), { tol: 1e-6, maxIter: 500 });
    expect(result.state).toBeInstanceOf(Float32Array);
    expect(maxAbsDiff(result.state, solution)).toBeLessThan(1e-4 * Math.max(...solution.map(Math.abs)));
  });

  it('validates options, naming the field', () => {
    const { map } = richardson(3, 0.1, 6);
    expect(Object.isFrozen(ANDERSON_DEFAULTS)).toBe(true);
    expect(ANDERSON_DEFAULTS.memory).toBe(5);
    expect(() => anderson(map, new Float64Array(3), { memory: 0 })).toThrow(/'memory'/);
    expect(() => anderson(map, new Float64Array(3), { regularization: -1 })).toThrow(/'regularization'/);
    expect(() => anderson(map, new Float64Array(3), { damping: 0 })).toThrow(/'damping'/);
  });
});
