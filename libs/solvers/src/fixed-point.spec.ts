import { ConvergenceError, createRng, denseSolve, InvalidArgumentError, type Real } from '@gsn/tensor';
import { fixedPoint, FIXED_POINT_DEFAULTS } from './fixed-point';
import type { FixedPointMap } from './operator';
import { maxAbsDiff, randomMatrix, randomVector } from './testing';

const n = 12;

/** T(z) = M z + c with ‖M‖₂ ≤ ‖M‖_F = 0.5: a 0.5-contraction; z* = (I − M)⁻¹ c. */
function affineContraction(seed: number): { map: FixedPointMap; fixed: Float64Array } {
  const rng = createRng(seed);
  const m = randomMatrix(n, n, rng);
  let frobenius = 0;
  for (const v of m) frobenius += v * v;
  for (let i = 0; i < m.length; i++) m[i] *= 0.5 / Math.sqrt(frobenius);
  const c = randomVector(n, rng);
  const iMinusM = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) iMinusM[i] = (i % (n + 1) === 0 ? 1 : 0) - m[i];
  const map: FixedPointMap = (z, out) => {
    for (let i = 0; i < n; i++) {
      let s = c[i];
      for (let j = 0; j < n; j++) s += m[i * n + j] * z[j];
      out[i] = s;
    }
  };
  return { map, fixed: denseSolve(iMinusM, n, c) };
}

describe('fixedPoint', () => {
  it('finds the fixed point of a 0.5-contraction (1e-12), one relative-step residual per iteration', () => {
    const { map, fixed } = affineContraction(1);
    const z0 = new Float64Array(n);
    const result = fixedPoint(map, z0, { tol: 1e-13 });
    expect(result.converged).toBe(true);
    expect(maxAbsDiff(result.state, fixed)).toBeLessThan(1e-12);
    expect(result.residuals).toHaveLength(result.iterations);
    // residual_1 = ‖T(0) − 0‖ / (1 + 0)
    const t0 = new Float64Array(n);
    map(z0, t0);
    expect(result.residuals[0]).toBeCloseTo(Math.hypot(...t0), 14);
    expect(result.iterations).toBeLessThanOrEqual(Math.ceil(Math.log(1e-13) / Math.log(0.5)) + 5);
    expect(Array.from(z0)).toEqual(new Array(n).fill(0));
  });

  it('damping: z ← z + β(T(z) − z) converges for a nonexpansive rotation where β = 1 cycles', () => {
    const rotation: FixedPointMap = (z, out) => {
      out[0] = -z[1];
      out[1] = z[0];
    };
    const plain = fixedPoint(rotation, Float64Array.of(1, 0), { tol: 1e-8, maxIter: 50, throwOnFail: false });
    expect(plain.converged).toBe(false);
    const damped = fixedPoint(rotation, Float64Array.of(1, 0), { tol: 1e-8, maxIter: 200, damping: 0.5 });
    expect(damped.converged).toBe(true);
    expect(Math.hypot(damped.state[0], damped.state[1])).toBeLessThan(1e-7);
  });

  it('reports non-convergence as a value, or throws ConvergenceError with the history', () => {
    const { map } = affineContraction(2);
    const result = fixedPoint(map, new Float64Array(n), { tol: 1e-15, maxIter: 4, throwOnFail: false });
    expect(result).toMatchObject({ converged: false, iterations: 4 });
    expect(result.reason).toBe(`max iterations reached: residual ${result.residuals[3]} after 4 iterations`);
    let error: unknown;
    try {
      fixedPoint(map, new Float64Array(n), { tol: 1e-15, maxIter: 4 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConvergenceError);
    expect((error as Error).message).toBe(
      `fixedPoint: max iterations reached: residual ${result.residuals[3]} after 4 iterations ` +
        `(tol 1e-15, 4 iterations, final residual ${result.residuals[3]})`,
    );
    expect((error as ConvergenceError).residuals).toEqual(result.residuals);
  });

  it('throws ConvergenceError on NaN or Inf even with throwOnFail false', () => {
    let k = 0;
    const poisoned: FixedPointMap = (z, out) => {
      for (let i = 0; i < z.length; i++) out[i] = 0.5 * z[i] + 1;
      if (++k === 3) out[0] = Infinity;
    };
    expect(() => fixedPoint(poisoned, new Float64Array(3), { throwOnFail: false })).toThrow(
      new ConvergenceError('fixedPoint: non-finite value at iteration 3 (tol 0.000001)', []),
    );
    expect(() => fixedPoint(poisoned, Float64Array.of(NaN, 0, 0), { throwOnFail: false })).toThrow(ConvergenceError);
  });

  it('keeps the precision of z0 (float32) and reaches a float32 tolerance', () => {
    const { map, fixed } = affineContraction(3);
    const result = fixedPoint(map, new Float32Array(n), { tol: 1e-6 });
    expect(result.state).toBeInstanceOf(Float32Array);
    expect(maxAbsDiff(result.state, fixed)).toBeLessThan(1e-5);
  });

  it('validates options, naming the field', () => {
    const map: FixedPointMap = (z: Real, out: Real) => out.set(z);
    expect(Object.isFrozen(FIXED_POINT_DEFAULTS)).toBe(true);
    expect(() => fixedPoint(map, new Float64Array(1), { damping: 1.5 })).toThrow(/'damping'/);
    expect(() => fixedPoint(map, new Float64Array(1), { tol: 0 })).toThrow(/'tol'/);
    expect(() => fixedPoint(map, new Float64Array(1), { maxIter: 0 })).toThrow(InvalidArgumentError);
    expect(() => fixedPoint(map, new Float64Array(1), { throwOnFail: 'yes' as unknown as boolean })).toThrow(/'throwOnFail'/);
    expect(() => fixedPoint(map, new Float64Array(1), { maxIters: 3 } as object)).toThrow(/unknown option 'maxIters'/);
  });
});
