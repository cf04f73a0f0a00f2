import { createRng } from '../rng';
import { StabilityError } from '../errors';
import { cholesky, choleskySolve } from './cholesky';
import { matMul, matVec, transpose } from './matrix';

describe('cholesky', () => {
  it('L Lᵀ = A and choleskySolve solves A x = b', () => {
    const rng = createRng(7);
    const n = 5;
    const b = Float64Array.from({ length: n * n }, () => rng.normal());
    const a = matMul(b, transpose(b, n, n), n, n, n).map((v, i) => v + (i % (n + 1) === 0 ? 1 : 0));
    const l = cholesky(a, n);
    const llt = matMul(l, transpose(l, n, n), n, n, n);
    llt.forEach((v, i) => expect(v).toBeCloseTo(a[i], 12));
    const x = Float64Array.of(1, -2, 0.5, 3, 0);
    choleskySolve(l, n, matVec(a, n, n, x)).forEach((v, i) => expect(v).toBeCloseTo(x[i], 11));
  });

  it('rejects a matrix that is not positive definite', () => {
    expect(() => cholesky(Float64Array.from([1, 2, 2, 1]), 2)).toThrow(StabilityError);
  });
});
