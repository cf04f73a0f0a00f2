import { ConvergenceError, createRng, denseSolve, InvalidArgumentError, ShapeError, symmetricEigenvalues, type Real } from '@gsn/tensor';
import { denseOperator } from './dense-operator';
import { forwardBackward, FORWARD_BACKWARD_DEFAULTS, type ForwardBackwardProblem } from './forward-backward';
import { maxAbsDiff, randomSpd, randomVector, reluProblem, symmetricWithSpectrum } from './testing';

const n = 30;

function distance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s);
}

/**
 * The exact solution of min ½zᵀAz − sᵀz over z ≥ 0 on a given support P: A_PP z_P = s_P,
 * z = 0 off P. Returned only if it satisfies the KKT conditions (z_P > 0, (Az − s)_i ≥ 0 off P).
 */
function kktSolution(a: Float64Array, s: Float64Array, support: boolean[]): Float64Array {
  const idx = support.flatMap((on, i) => (on ? [i] : []));
  const p = idx.length;
  const app = new Float64Array(p * p);
  idx.forEach((i, r) => idx.forEach((j, c) => (app[r * p + c] = a[i * n + j])));
  const zp = denseSolve(app, p, Float64Array.from(idx, (i) => s[i]));
  const z = new Float64Array(n);
  idx.forEach((i, r) => (z[i] = zp[r]));
  const az = new Float64Array(n);
  denseOperator(a, n)(z, az);
  for (let i = 0; i < n; i++) {
    if (support[i]) expect(z[i]).toBeGreaterThan(0);
    else expect(az[i] - s[i]).toBeGreaterThan(1e-8); // strict complementarity: support is stable
  }
  return z;
}

/** A ReLU problem with A = BᵀB + κI, α = 1/Λ, and its KKT reference solution. */
function setup(seed: number) {
  const rng = createRng(seed);
  const a = randomSpd(n, 0.5, rng);
  const s = randomVector(n, rng);
  const eig = symmetricEigenvalues(a, n);
  const kappa = eig[0];
  const lambda = eig[n - 1];
  const problem = (alpha: number, source: Real = s) => reluProblem(a, n, source, alpha);
  const longRun = forwardBackward(problem(2 / (kappa + lambda)), new Float64Array(n), { tol: 1e-15, maxIter: 5000 });
  const reference = kktSolution(a, s, Array.from(longRun.state, (v) => v > 1e-9));
  return { a, s, kappa, lambda, problem, reference };
}

describe('forwardBackward', () => {
  const { a, s, kappa, lambda, problem, reference } = setup(1);

  it('converges to the KKT solution of a ReLU-constrained SPD problem (1e-10)', () => {
    expect(reference.some((v) => v === 0)).toBe(true); // the constraint is active somewhere
    const result = forwardBackward(problem(1 / lambda), new Float64Array(n), { tol: 1e-13, maxIter: 5000 });
    expect(result.converged).toBe(true);
    expect(maxAbsDiff(result.state, reference)).toBeLessThan(1e-10);
    expect(result.residuals).toHaveLength(result.iterations);
    expect(Math.min(...result.state)).toBeGreaterThanOrEqual(0); // the state is a prox output
  });

  it('has a unique stationary state: different initial states agree to 1e-10', () => {
    const rng = createRng(7);
    const starts = [new Float64Array(n), randomVector(n, rng).map((v) => 100 * v), randomVector(n, rng).map(Math.abs)];
    const states = starts.map((z0) => forwardBackward(problem(1 / lambda), z0, { tol: 1e-14, maxIter: 5000 }).state);
    for (const state of states.slice(1)) expect(maxAbsDiff(state, states[0])).toBeLessThan(1e-10);
  });

  it.each([
    ['1/Λ', 1 / lambda],
    ['α* = 2/(κ + Λ)', 2 / (kappa + lambda)],
    ['1.9/Λ', 1.9 / lambda],
  ])('P1: contracts at rate ≤ q(α) = max(|1 − ακ|, |1 − αΛ|) and needs ≤ log(1e-10)/log q + 5 iterations (α = %s)', (_, alpha) => {
    const q = Math.max(Math.abs(1 - alpha * kappa), Math.abs(1 - alpha * lambda));
    expect(q).toBeLessThan(1);
    const iterates: Float64Array[] = [new Float64Array(n)];
    const base = problem(alpha);
    const recording: ForwardBackwardProblem = {
      ...base,
      prox: (z, a, out) => {
        base.prox(z, a, out);
        iterates.push(Float64Array.from(out));
      },
    };
    const result = forwardBackward(recording, iterates[0], { tol: 1e-10, maxIter: 5000 });
    expect(result.converged).toBe(true);
    expect(result.iterations).toBeLessThanOrEqual(Math.log(1e-10) / Math.log(q) + 5);
    for (let k = 1; k + 1 < iterates.length; k++) {
      const step = distance(iterates[k], iterates[k - 1]);
      const nextStep = distance(iterates[k + 1], iterates[k]);
      if (step > 1e-12) expect(nextStep).toBeLessThanOrEqual(q * step * (1 + 1e-9) + 1e-14);
      // and the error contracts too: ‖z_k − z*‖ ≤ q^k ‖z_0 − z*‖
      expect(distance(iterates[k], reference)).toBeLessThanOrEqual(q ** k * distance(iterates[0], reference) + 1e-12);
    }
  });

  it('Anderson needs fewer iterations than plain FB on an ill-conditioned problem (κ/Λ = 1e-3)', () => {
    const m = 30;
    const spectrum = Array.from({ length: m }, (_, i) => 10 ** (-3 + (3 * i) / (m - 1)));
    const illConditioned = reluProblem(symmetricWithSpectrum(spectrum, createRng(3)), m, randomVector(m, createRng(4)), 1);
    // α = 1/Λ = 1, q = 1 − 1e-3
    const opts = { tol: 1e-9, maxIter: 60000 };
    const plain = forwardBackward(illConditioned, new Float64Array(m), opts);
    const accelerated = forwardBackward(illConditioned, new Float64Array(m), { ...opts, acceleration: 'anderson' });
    expect(plain.converged && accelerated.converged).toBe(true);
    expect(accelerated.iterations * 10).toBeLessThan(plain.iterations);
    // both are within their a-posteriori bounds tol·(1 + ‖z‖)/(1 − q) of each other
    expect(maxAbsDiff(accelerated.state, plain.state)).toBeLessThan(1e-4);
    expect(Math.min(...accelerated.state)).toBeGreaterThanOrEqual(0);
  });

  it('with Anderson reaches the same KKT solution (1e-10)', () => {
    const result = forwardBackward(problem(1 / lambda), new Float64Array(n), { tol: 1e-13, acceleration: 'anderson' });
    expect(maxAbsDiff(result.state, reference)).toBeLessThan(1e-10);
  });

  it.each(['none', 'anderson'] as const)('works in float32 (acceleration %s, tol 1e-6)', (acceleration) => {
    const result = forwardBackward(
      reluProblem(a, n, Float32Array.from(s), 1 / lambda),
      new Float32Array(n),
      { tol: 1e-6, acceleration },
    );
    expect(result.state).toBeInstanceOf(Float32Array);
    expect(maxAbsDiff(result.state, reference)).toBeLessThan(1e-4 * Math.max(...reference));
  });

  it('reports non-convergence (converged false, history) or throws ConvergenceError naming the solver', () => {
    const result = forwardBackward(problem(1 / lambda), new Float64Array(n), { tol: 1e-13, maxIter: 5, throwOnFail: false });
    expect(result).toMatchObject({ converged: false, iterations: 5 });
    expect(result.reason).toMatch(/^max iterations reached/);
    expect(() => forwardBackward(problem(1 / lambda), new Float64Array(n), { tol: 1e-13, maxIter: 5 })).toThrow(
      /^forwardBackward: max iterations reached: .* \(tol 1e-13, 5 iterations, final residual/,
    );
  });

  it('diverges loudly when α > 2/Λ: a non-finite iterate is a ConvergenceError, never a state', () => {
    // ReLU is inactive for a positive solution direction; an unstable step blows up.
    const run = () => forwardBackward(problem(5 / lambda), new Float64Array(n).fill(1), { maxIter: 100000, throwOnFail: false });
    expect(run).toThrow(ConvergenceError);
    expect(run).toThrow(/non-finite value at iteration/);
  });

  it('validates the problem and the options', () => {
    const p = problem(1 / lambda);
    expect(Object.isFrozen(FORWARD_BACKWARD_DEFAULTS)).toBe(true);
    expect(() => forwardBackward({ ...p, alpha: 0 }, new Float64Array(n))).toThrow(InvalidArgumentError);
    expect(() => forwardBackward(p, new Float64Array(n + 1))).toThrow(ShapeError);
    expect(() => forwardBackward(p, new Float64Array(n), { acceleration: 'broyden' as 'none' })).toThrow(/'acceleration'/);
    expect(() => forwardBackward(p, new Float64Array(n), { memory: -1 })).toThrow(/'memory'/);
  });
});
