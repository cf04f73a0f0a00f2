import { ConvergenceError, createRng, denseSolve, InvalidArgumentError, ShapeError, type Real } from '@gsn/tensor';
import { cg } from './cg';
import { denseOperator } from './dense-operator';
import { gmres } from './gmres';
import type { LinearOperator } from './operator';
import { minres } from './minres';
import type { SolveResult, StopOptions } from './stopping';
import { maxAbsDiff, randomMatrix, randomSpd, randomVector, symmetricWithSpectrum } from './testing';

type Krylov = (apply: LinearOperator, b: Real, x0: Real, opts?: Partial<StopOptions>) => SolveResult;

const n = 40;

function relativeResidual(a: Float64Array, x: Real, b: Float64Array): number {
  const ax = new Float64Array(b.length);
  denseOperator(a, b.length)(x, ax);
  let r = 0;
  let bb = 0;
  for (let i = 0; i < b.length; i++) {
    r += (b[i] - ax[i]) ** 2;
    bb += b[i] ** 2;
  }
  return Math.sqrt(r / bb);
}

/** Alternating signs, |λ| in [0.5, 2]. */
function indefiniteSpectrum(size: number): number[] {
  return Array.from({ length: size }, (_, i) => (i % 2 === 0 ? 1 : -1) * (0.5 + (1.5 * i) / (size - 1)));
}

function nonSymmetric(size: number, seed: number): Float64Array {
  const a = randomMatrix(size, size, createRng(seed), 1 / Math.sqrt(size));
  for (let i = 0; i < size; i++) a[i * size + i] += 2;
  return a;
}

const problems: { name: string; solve: Krylov; matrix: () => Float64Array }[] = [
  { name: 'cg on SPD', solve: cg, matrix: () => randomSpd(n, 0.1, createRng(10)) },
  { name: 'minres on SPD', solve: minres, matrix: () => randomSpd(n, 0.1, createRng(10)) },
  { name: 'minres on symmetric indefinite', solve: minres, matrix: () => symmetricWithSpectrum(indefiniteSpectrum(n), createRng(11)) },
  { name: 'gmres on non-symmetric', solve: gmres, matrix: () => nonSymmetric(n, 12) },
  { name: 'gmres on symmetric indefinite', solve: gmres, matrix: () => symmetricWithSpectrum(indefiniteSpectrum(n), createRng(11)) },
];

describe.each(problems)('$name', ({ solve, matrix }) => {
  const a = matrix();
  const b = randomVector(n, createRng(20));
  const reference = denseSolve(a, n, b);

  it('agrees with denseSolve to 1e-10 and reports one residual per iteration', () => {
    const result = solve(denseOperator(a, n), b, new Float64Array(n), { tol: 1e-13 });
    expect(result.converged).toBe(true);
    expect(maxAbsDiff(result.state, reference)).toBeLessThan(1e-10);
    expect(result.residuals).toHaveLength(result.iterations);
    expect(result.residuals[result.iterations - 1]).toBeLessThanOrEqual(1e-13);
    expect(relativeResidual(a, result.state, b)).toBeLessThanOrEqual(1e-13);
    expect(result.reason).toMatch(/^converged/);
  });

  it('starts from x0 (left unchanged) and returns at once when x0 solves the system', () => {
    const x0 = Float64Array.from(reference);
    const result = solve(denseOperator(a, n), b, x0, { tol: 1e-8 });
    expect(result.iterations).toBe(0);
    expect(result.state).not.toBe(x0);
    expect(Array.from(x0)).toEqual(Array.from(reference));
  });

  it('returns x = 0 for b = 0', () => {
    const result = solve(denseOperator(a, n), new Float64Array(n), Float64Array.from(b));
    expect(result.converged).toBe(true);
    expect(Array.from(result.state)).toEqual(new Array(n).fill(0));
  });

  it('reports non-convergence with its history, or throws ConvergenceError with it', () => {
    const opts = { tol: 1e-14, maxIter: 3, throwOnFail: false };
    const result = solve(denseOperator(a, n), b, new Float64Array(n), opts);
    expect(result.converged).toBe(false);
    expect(result.iterations).toBe(3);
    expect(result.residuals).toHaveLength(3);
    expect(result.reason).toMatch(/^max iterations reached: residual .* after 3 iterations$/);
    let error: unknown;
    try {
      solve(denseOperator(a, n), b, new Float64Array(n), { ...opts, throwOnFail: true });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConvergenceError);
    expect((error as ConvergenceError).message).toMatch(/tol 1e-14, 3 iterations, final residual/);
    expect((error as ConvergenceError).residuals).toEqual(result.residuals);
  });

  it('throws ConvergenceError on a NaN from the operator', () => {
    let calls = 0;
    const poisoned: LinearOperator = (x, out) => {
      denseOperator(a, n)(x, out);
      if (++calls === 4) out[7] = NaN;
    };
    expect(() => solve(poisoned, b, new Float64Array(n), { tol: 1e-13, throwOnFail: false })).toThrow(
      /non-finite value at iteration/,
    );
  });

  it('works in float32 (tol 1e-5, error 1e-4)', () => {
    const result = solve(denseOperator(a, n), Float32Array.from(b), new Float32Array(n), { tol: 1e-5 });
    expect(result.state).toBeInstanceOf(Float32Array);
    expect(result.converged).toBe(true);
    expect(maxAbsDiff(result.state, reference)).toBeLessThan(1e-4 * Math.max(...reference.map(Math.abs)));
  });

  it('rejects bad shapes, unknown options and bad values, naming them', () => {
    const apply = denseOperator(a, n);
    expect(() => solve(apply, b, new Float64Array(n - 1))).toThrow(ShapeError);
    expect(() => solve(apply, b, new Float64Array(n), { tolerance: 1 } as Partial<StopOptions>)).toThrow(/'tolerance'/);
    expect(() => solve(apply, b, new Float64Array(n), { tol: -1 })).toThrow(InvalidArgumentError);
    expect(() => solve(apply, b, new Float64Array(n), { maxIter: 2.5 })).toThrow(/'maxIter'/);
    expect(() => solve(apply, Float64Array.of(...b.slice(1), NaN), new Float64Array(n))).toThrow(ConvergenceError);
  });
});

describe('cg', () => {
  it('reports a breakdown on an indefinite operator', () => {
    const a = symmetricWithSpectrum(indefiniteSpectrum(10), createRng(5));
    const result = cg(denseOperator(a, 10), randomVector(10, createRng(6)), new Float64Array(10), {
      throwOnFail: false,
    });
    expect(result.converged).toBe(false);
    expect(result.reason).toMatch(/breakdown: pᵀAp = .* not positive definite/);
  });

  it('converges within n iterations on an SPD system (exact arithmetic bound, + slack)', () => {
    const a = randomSpd(n, 1, createRng(7));
    const result = cg(denseOperator(a, n), randomVector(n, createRng(8)), new Float64Array(n), { tol: 1e-12 });
    expect(result.iterations).toBeLessThanOrEqual(n);
  });
});

describe('gmres', () => {
  it('restarts: GMRES(5) still reaches 1e-10 on the non-symmetric system', () => {
    const a = nonSymmetric(n, 12);
    const b = randomVector(n, createRng(20));
    const result = gmres(denseOperator(a, n), b, new Float64Array(n), { tol: 1e-12, restart: 5 });
    expect(result.converged).toBe(true);
    expect(result.iterations).toBeGreaterThan(5);
    expect(maxAbsDiff(result.state, denseSolve(a, n, b))).toBeLessThan(1e-10);
  });

  it('rejects a bad restart', () => {
    expect(() => gmres(denseOperator(new Float64Array(4), 2), Float64Array.of(1, 1), new Float64Array(2), { restart: 0 })).toThrow(
      /'restart'/,
    );
  });
});
