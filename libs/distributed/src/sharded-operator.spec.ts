import { InvalidArgumentError, spmmInto, zerosLike, type DType } from '@gsn/tensor';
import { expectClose } from '@gsn/tensor/testing';
import { forwardBackwardSolve } from './forward-backward';
import { forwardBackwardVjp } from './forward-backward-vjp';
import { partitionCsr } from './partition';
import { createShardedOperator } from './sharded-operator';
import { randomReal, shiftedLaplacian, sharedShardPool } from './testing';

describe('createShardedOperator', () => {
  const pool = sharedShardPool(3);

  const n = 400;
  const columns = 2;

  it.each<[DType, number, number]>([
    ['float64', 1, 1e-10],
    ['float64', 2, 1e-10],
    ['float64', 3, 1e-10],
    ['float32', 2, 1e-5],
    ['float32', 3, 1e-5],
  ])('forward-backward in %s over %i workers equals the single-thread solve', async (dtype, parts, tol) => {
    const { matrix, lambdaMaxBound } = shiftedLaplacian(n, 600, 0.5, dtype, 1);
    const source = randomReal(dtype, n * columns, 2);
    const solve = { alpha: 1 / lambdaMaxBound, prox: { kind: 'softThreshold', lambda: 0.05 } as const, maxIter: 400, tol: 1e-7 };
    const reference = forwardBackwardSolve(matrix, source, columns, solve);
    const { part } = partitionCsr(matrix, { parts, seed: 3 });
    const op = await createShardedOperator(pool(), matrix, part, { parts, columns });
    try {
      expect(Math.min(...op.plan.halo)).toBeGreaterThanOrEqual(parts > 1 ? 1 : 0);
      expect(reference.converged).toBe(true);
      const result = await op.forwardBackward(source, columns, solve);
      expect(result.iterations).toBe(reference.iterations);
      expect(result.converged).toBe(reference.converged);
      expectClose(result.state, reference.state, tol, `${dtype} ${parts} workers`);
    } finally {
      await op.dispose();
    }
  });

  it('a fixed number of iterations gives bitwise the single-thread state', async () => {
    const { matrix, lambdaMaxBound } = shiftedLaplacian(n, 600, 0.5, 'float64', 4);
    const source = randomReal('float64', n, 5);
    const solve = { alpha: 1 / lambdaMaxBound, prox: { kind: 'nonnegative' } as const, maxIter: 50, tol: 0 };
    const z0 = randomReal('float64', n, 6);
    const reference = forwardBackwardSolve(matrix, source, 1, solve, z0);
    const op = await createShardedOperator(pool(), matrix, partitionCsr(matrix, { parts: 3 }).part, { columns: 1 });
    const result = await op.forwardBackward(source, 1, solve, z0);
    await op.dispose();
    expect(result.iterations).toBe(50);
    expect(Array.from(result.state)).toEqual(Array.from(reference.state));
  });

  it.each<DType>(['float64', 'float32'])('spmm over 3 workers equals spmmInto (%s)', async (dtype) => {
    const { matrix } = shiftedLaplacian(n, 500, 0.1, dtype, 7);
    const x = randomReal(dtype, n * 3, 8);
    const expected = zerosLike(x);
    spmmInto(matrix, x, 3, expected);
    const op = await createShardedOperator(pool(), matrix, partitionCsr(matrix, { parts: 3 }).part, { columns: 3 });
    const out = await op.spmm(x, 3);
    expect(Array.from(out)).toEqual(Array.from(expected));
    // New edge weights (same pattern) reach the workers through the shared matrix.
    const values = matrix.values.map((v, e) => v * (1 + (e % 5)));
    op.setValues(values);
    spmmInto({ ...matrix, values }, x, 3, expected);
    expect(Array.from(await op.spmm(x, 3))).toEqual(Array.from(expected));
    await op.dispose();
  });

  it.each([0, -1, NaN, Infinity])('refuses barrierTimeoutMs %p with an InvalidArgumentError naming it (a lost worker must be noticed)', async (barrierTimeoutMs) => {
    const { matrix } = shiftedLaplacian(n, 500, 1, 'float64', 9);
    const created = createShardedOperator(pool(), matrix, partitionCsr(matrix, { parts: 3 }).part, { barrierTimeoutMs });
    await expect(created).rejects.toThrow(InvalidArgumentError);
    await expect(created).rejects.toThrow(`barrierTimeoutMs: ${barrierTimeoutMs} is not a positive, finite number of milliseconds`);
  });

  it('serves a synchronous (x, out) => void matvec usable by any solver', async () => {
    const { matrix, lambdaMaxBound } = shiftedLaplacian(n, 500, 1, 'float64', 9);
    const op = await createShardedOperator(pool(), matrix, partitionCsr(matrix, { parts: 3 }).part);
    const served = op.serve();
    await expect(op.spmm(new Float64Array(n), 1)).rejects.toThrow(/serving/);
    // Richardson iteration x ← x + α(b − Ax) on the served matvec, against the same on spmmInto.
    const b = randomReal('float64', n, 10);
    const run = (matvec: (x: Float64Array, out: Float64Array) => void) => {
      const x = new Float64Array(n);
      const ax = new Float64Array(n);
      for (let k = 0; k < 30; k++) {
        matvec(x, ax);
        for (let i = 0; i < n; i++) x[i] += (b[i] - ax[i]) / lambdaMaxBound;
      }
      return x;
    };
    const distributed = run((x, out) => served.matvec(x, out));
    // New values between products (as a layer's learned weights are loaded) reach the workers.
    const halved = matrix.values.map((v) => v / 2);
    served.setValues(halved);
    const distributedHalved = run((x, out) => served.matvec(x, out));
    expect(await served.stop()).toBe(60);
    const local = run((x, out) => spmmInto(matrix, x, 1, out));
    expect(Array.from(distributed)).toEqual(Array.from(local));
    const localHalved = run((x, out) => spmmInto({ ...matrix, values: halved }, x, 1, out));
    expect(Array.from(distributedHalved)).toEqual(Array.from(localHalved));
    expect(Array.from(distributedHalved)).not.toEqual(Array.from(local));
    await op.dispose();
  });

  it.each([1, 2, 3])('forwardBackwardVjp over %i workers equals the single-thread gradient', async (parts) => {
    const n = 300;
    const columns = 2;
    const { matrix, lambdaMaxBound } = shiftedLaplacian(n, 400, 0.5, 'float64', 11);
    const source = randomReal('float64', n * columns, 12);
    const cotangent = randomReal('float64', n * columns, 13);
    const solve = { alpha: 1 / lambdaMaxBound, prox: { kind: 'softThreshold', lambda: 0.2 } as const, maxIter: 2000, tol: 1e-12 };
    const zStar = forwardBackwardSolve(matrix, source, columns, solve).state;
    const reference = forwardBackwardVjp(matrix, source, zStar, cotangent, columns, solve);
    expect(reference.converged).toBe(true);
    const op = await createShardedOperator(pool(), matrix, partitionCsr(matrix, { parts, seed: 1 }).part, { parts, columns });
    const result = await op.forwardBackwardVjp(source, zStar, cotangent, columns, solve);
    await op.dispose();
    expect(result.iterations).toBe(reference.iterations);
    expectClose(result.sourceGrad, reference.sourceGrad, 1e-10, 'dL/ds');
    expectClose(result.valuesGrad, reference.valuesGrad, 1e-10, 'dL/dA');
  });
});
