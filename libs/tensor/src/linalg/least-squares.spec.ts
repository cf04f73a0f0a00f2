import { createRng } from '../rng';
import { ShapeError, StabilityError } from '../errors';
import { leastSquares } from './least-squares';
import { matVec } from './matrix';

describe('leastSquares', () => {
  it('recovers the coefficients of b in range(B) with zero residual', () => {
    const rng = createRng(31);
    const basis = Float64Array.from({ length: 7 * 3 }, () => rng.normal());
    const c = Float64Array.from([1, -2, 0.5]);
    const fit = leastSquares(matVec(basis, 7, 3, c), basis, 7, 3);
    expect(fit.residualNorm).toBeLessThan(1e-12);
    fit.coefficients.forEach((v, i) => expect(v).toBeCloseTo(c[i], 12));
  });

  it('reports the residual of b orthogonal to range(B), and rejects bad inputs', () => {
    const basis = Float64Array.of(1, 0, 0, 1, 0, 0); // 3 x 2: the first two axes
    const fit = leastSquares(Float64Array.of(2, 3, 4), basis, 3, 2);
    expect(Array.from(fit.coefficients)).toEqual([2, 3]);
    expect(fit.residualNorm).toBe(4);
    expect(() => leastSquares(new Float64Array(2), basis, 3, 2)).toThrow(ShapeError);
    expect(() => leastSquares(Float64Array.of(1, 1, 1), Float64Array.of(1, 1, 1, 1, 1, 1), 3, 2)).toThrow(StabilityError);
  });
});
