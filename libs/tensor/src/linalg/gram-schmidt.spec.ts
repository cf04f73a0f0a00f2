import { createRng } from '../rng';
import { InvalidArgumentError } from '../errors';
import { orthonormalizeColumns } from './gram-schmidt';
import { frobeniusNorm, identityMatrix, matMul, transpose } from './matrix';

describe('orthonormalizeColumns', () => {
  it('gives QᵀQ = I', () => {
    const rng = createRng(3);
    const q = orthonormalizeColumns(Float64Array.from({ length: 8 * 3 }, () => rng.normal()), 8, 3);
    const qtq = matMul(transpose(q, 8, 3), q, 3, 8, 3);
    expect(frobeniusNorm(qtq.map((v, i) => v - identityMatrix(3)[i]))).toBeLessThan(1e-13);
  });

  it('rejects dependent columns', () => {
    expect(() => orthonormalizeColumns(Float64Array.of(1, 2, 1, 2), 2, 2)).toThrow(InvalidArgumentError);
  });
});
