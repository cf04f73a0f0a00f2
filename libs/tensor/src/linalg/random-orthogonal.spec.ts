import { createRng } from '../rng';
import { frobeniusNorm, identityMatrix, matMul, transpose } from './matrix';
import { randomOrthogonal } from './random-orthogonal';

describe('randomOrthogonal', () => {
  it('QᵀQ = Q Qᵀ = I, and the seed fixes Q', () => {
    const n = 5;
    const q = randomOrthogonal(n, createRng(9));
    for (const p of [matMul(transpose(q, n, n), q, n, n, n), matMul(q, transpose(q, n, n), n, n, n)]) {
      expect(frobeniusNorm(p.map((v, i) => v - identityMatrix(n)[i]))).toBeLessThan(1e-13);
    }
    expect(Array.from(randomOrthogonal(n, createRng(9)))).toEqual(Array.from(q));
  });
});
