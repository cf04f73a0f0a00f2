import { InvalidArgumentError, createRng } from '@gsn/tensor';
import {
  frobeniusNorm,
  identityMatrix,
  inverse,
  matMul,
  orthonormalizeColumns,
  randomOrthogonal,
  singularValues,
  symmetricEigen,
  transpose,
} from './linalg';

const rng = createRng(3);
const gaussian = (len: number) => Float64Array.from({ length: len }, () => rng.normal());

describe('dense linear algebra', () => {
  it('Jacobi eigen-decomposition reconstructs a symmetric matrix with orthonormal eigenvectors', () => {
    const n = 9;
    const g = gaussian(n * n);
    const a = matMul(g, transpose(g, n, n), n, n, n);
    const { values, vectors } = symmetricEigen(a, n);
    for (let i = 1; i < n; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]);
    const vd = Float64Array.from(vectors, (v, idx) => v * values[idx % n]);
    const back = matMul(vd, transpose(vectors, n, n), n, n, n);
    expect(frobeniusNorm(back.map((v, i) => v - a[i]))).toBeLessThan(1e-10 * frobeniusNorm(a));
    const vtv = matMul(transpose(vectors, n, n), vectors, n, n, n);
    expect(frobeniusNorm(vtv.map((v, i) => v - identityMatrix(n)[i]))).toBeLessThan(1e-12);
  });

  it('rejects non-symmetric input', () => {
    expect(() => symmetricEigen(Float64Array.from([1, 2, 3, 4]), 2)).toThrow(InvalidArgumentError);
  });

  it('singular values of diag(3, -2, 1) composed with orthogonal maps are 3, 2, 1', () => {
    const q1 = randomOrthogonal(3, rng);
    const q2 = randomOrthogonal(3, rng);
    const d = Float64Array.from([3, 0, 0, 0, -2, 0, 0, 0, 1]);
    const s = singularValues(matMul(matMul(q1, d, 3, 3, 3), q2, 3, 3, 3), 3, 3);
    expect(Array.from(s).map((v) => +v.toFixed(10))).toEqual([3, 2, 1]);
  });

  it('inverse and Gram-Schmidt', () => {
    const n = 6;
    const a = gaussian(n * n);
    const prod = matMul(a, inverse(a, n), n, n, n);
    expect(frobeniusNorm(prod.map((v, i) => v - identityMatrix(n)[i]))).toBeLessThan(1e-10);
    expect(() => inverse(new Float64Array(4), 2)).toThrow(InvalidArgumentError);
    const q = orthonormalizeColumns(gaussian(8 * 3), 8, 3);
    const qtq = matMul(transpose(q, 8, 3), q, 3, 8, 3);
    expect(frobeniusNorm(qtq.map((v, i) => v - identityMatrix(3)[i]))).toBeLessThan(1e-13);
  });
});
