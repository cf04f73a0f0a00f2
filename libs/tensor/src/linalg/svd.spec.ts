import { createRng } from '../rng';
import { ConvergenceError, InvalidArgumentError } from '../errors';
import { matMul, transpose } from './matrix';
import { randomOrthogonal } from './random-orthogonal';
import { rangeNullSplit, singularValueDecomposition, singularValues } from './svd';
import { symmetricEigen } from './symmetric-eigen';

const rng = createRng(31);
const randn = (k: number) => Float64Array.from({ length: k }, () => rng.normal());

describe('singular value decomposition', () => {
  it('singular values of diag(3, -2, 1) composed with orthogonal maps are 3, 2, 1', () => {
    const q1 = randomOrthogonal(3, rng);
    const q2 = randomOrthogonal(3, rng);
    const d = Float64Array.from([3, 0, 0, 0, -2, 0, 0, 0, 1]);
    const s = singularValues(matMul(matMul(q1, d, 3, 3, 3), q2, 3, 3, 3), 3, 3);
    expect(Array.from(s).map((v) => +v.toFixed(10))).toEqual([3, 2, 1]);
  });

  it('SVD null space: ‖A v‖ ≈ ε‖A‖ for a rank-deficient A, and the rank is found', () => {
    const rows = 12;
    const cols = 8;
    const a = matMul(randn(rows * 5), randn(5 * cols), rows, 5, cols); // rank 5
    const split = rangeNullSplit(a, rows, cols);
    expect(split.rank).toBe(5);
    const k = cols - 5;
    const av = matMul(a, split.nullSpace, rows, cols, k);
    expect(av.reduce((m, v) => Math.max(m, Math.abs(v)), 0)).toBeLessThan(1e-13 * split.singularValues[0]);
    const { values } = singularValueDecomposition(a, rows, cols);
    const gram = symmetricEigen(matMul(transpose(a, rows, cols), a, cols, rows, cols), cols).values;
    expect(values[0] ** 2).toBeCloseTo(gram[cols - 1], 8);
  });

  it('rejects a bad tolerance and non-finite entries', () => {
    expect(() => rangeNullSplit(new Float64Array(4), 2, 2, 0)).toThrow(InvalidArgumentError);
    expect(() => singularValues(Float64Array.of(1, NaN, 0, 1), 2, 2)).toThrow(ConvergenceError);
  });
});
