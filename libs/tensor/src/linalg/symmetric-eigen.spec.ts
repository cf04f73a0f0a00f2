import { createRng } from '../rng';
import { ConvergenceError, InvalidArgumentError } from '../errors';
import { frobeniusNorm, identityMatrix, matMul, transpose } from './matrix';
import { symmetricEigen, symmetricEigenvalues } from './symmetric-eigen';

const gaussian = (len: number, seed: number) => {
  const rng = createRng(seed);
  return Float64Array.from({ length: len }, () => rng.normal());
};

describe('symmetricEigen', () => {
  it('diagonalises a random symmetric matrix: A v = λ v, V orthonormal, ascending', () => {
    const n = 20;
    const b = gaussian(n * n, 2);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = b[i * n + j] + b[j * n + i];
    const { values, vectors } = symmetricEigen(a, n);
    for (let c = 0; c < n; c++) {
      if (c > 0) expect(values[c]).toBeGreaterThanOrEqual(values[c - 1]);
      for (let i = 0; i < n; i++) {
        let av = 0;
        for (let k = 0; k < n; k++) av += a[i * n + k] * vectors[k * n + c];
        expect(Math.abs(av - values[c] * vectors[i * n + c])).toBeLessThan(1e-12);
      }
      for (let d = 0; d < n; d++) {
        let vv = 0;
        for (let k = 0; k < n; k++) vv += vectors[k * n + c] * vectors[k * n + d];
        expect(Math.abs(vv - (c === d ? 1 : 0))).toBeLessThan(1e-12);
      }
    }
  });

  it('A V = V Λ, VᵀV = I, ascending, for a Gram matrix B Bᵀ', () => {
    const n = 9;
    const b = gaussian(n * n, 31);
    const a = matMul(b, transpose(b, n, n), n, n, n);
    const { values, vectors } = symmetricEigen(a, n);
    const av = matMul(a, vectors, n, n, n);
    let worst = 0;
    for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) worst = Math.max(worst, Math.abs(av[r * n + c] - vectors[r * n + c] * values[c]));
    expect(worst).toBeLessThan(1e-12 * values[n - 1]);
    const vtv = matMul(transpose(vectors, n, n), vectors, n, n, n);
    vtv.forEach((v, i) => expect(v).toBeCloseTo(i % (n + 1) === 0 ? 1 : 0, 13));
    for (let i = 1; i < n; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]);
  });

  it('reconstructs a symmetric matrix with orthonormal eigenvectors: V Λ Vᵀ = A', () => {
    const n = 9;
    const g = gaussian(n * n, 3);
    const a = matMul(g, transpose(g, n, n), n, n, n);
    const { values, vectors } = symmetricEigen(a, n);
    for (let i = 1; i < n; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]);
    const vd = Float64Array.from(vectors, (v, idx) => v * values[idx % n]);
    const back = matMul(vd, transpose(vectors, n, n), n, n, n);
    expect(frobeniusNorm(back.map((v, i) => v - a[i]))).toBeLessThan(1e-10 * frobeniusNorm(a));
    const vtv = matMul(transpose(vectors, n, n), vectors, n, n, n);
    expect(frobeniusNorm(vtv.map((v, i) => v - identityMatrix(n)[i]))).toBeLessThan(1e-12);
  });

  it('matches a closed form: [[2, 1], [1, 2]] has eigenvalues 1, 3', () => {
    const values = symmetricEigenvalues(Float64Array.of(2, 1, 1, 2), 2);
    expect(values[0]).toBeCloseTo(1, 14);
    expect(values[1]).toBeCloseTo(3, 14);
  });

  it('gives BᵀB + κI eigenvalues ≥ κ and trace = sum of eigenvalues', () => {
    const n = 15;
    const kappa = 0.5;
    const b = gaussian(n * n, 4).map((v) => v / Math.sqrt(n));
    const a = matMul(transpose(b, n, n), b, n, n, n).map((v, i) => v + (i % (n + 1) === 0 ? kappa : 0));
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) a[i * n + j] = a[j * n + i];
    const values = symmetricEigenvalues(a, n);
    expect(values[0]).toBeGreaterThanOrEqual(kappa - 1e-12);
    let trace = 0;
    for (let i = 0; i < n; i++) trace += a[i * n + i];
    expect(Math.abs(values.reduce((s, v) => s + v, 0) - trace)).toBeLessThan(1e-11);
  });

  it('rejects a non-symmetric matrix', () => {
    expect(() => symmetricEigenvalues(Float64Array.of(1, 2, 0, 1), 2)).toThrow(InvalidArgumentError);
    expect(() => symmetricEigen(Float64Array.from([1, 2, 3, 4]), 2)).toThrow(InvalidArgumentError);
  });

  it('throws ConvergenceError on non-finite entries and when out of sweeps', () => {
    expect(() => symmetricEigen(Float64Array.of(1, NaN, NaN, 1), 2)).toThrow(ConvergenceError);
    const n = 6;
    const g = gaussian(n * n, 6);
    expect(() => symmetricEigen(matMul(g, transpose(g, n, n), n, n, n), n, 0)).toThrow(ConvergenceError);
  });
});
