import { createRng, ShapeError, StabilityError } from '@gsn/tensor';
import { cholesky, generalizedSymmetricEigenvalues, leastSquares, matMul, matVec, rangeNullSplit, singularValueDecomposition, symmetricEigen, transpose } from './linalg';

const rng = createRng(31);
const randn = (k: number) => Float64Array.from({ length: k }, () => rng.normal());

describe('dense linear algebra', () => {
  it('symmetricEigen: A V = V Λ, VᵀV = I, ascending', () => {
    const n = 9;
    const b = randn(n * n);
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

  it('generalised eigenvalues, Cholesky and least squares', () => {
    const n = 5;
    const b = randn(n * n);
    const g = matMul(b, transpose(b, n, n), n, n, n).map((v, i) => v + (i % (n + 1) === 0 ? 1 : 0));
    const h = randn(n * n);
    const hs = h.map((v, i) => 0.5 * (v + h[(i % n) * n + Math.floor(i / n)]));
    const kappa = generalizedSymmetricEigenvalues(hs, g, n);
    // det(H − κG) = 0: H − κG has a zero eigenvalue.
    for (const k of kappa) {
      const m = hs.map((v, i) => v - k * g[i]);
      const ev = symmetricEigen(m, n).values;
      expect(Math.min(...Array.from(ev, Math.abs))).toBeLessThan(1e-10);
    }
    expect(() => cholesky(Float64Array.from([1, 2, 2, 1]), 2)).toThrow(StabilityError);
    const basis = randn(7 * 3);
    const c = Float64Array.from([1, -2, 0.5]);
    const fit = leastSquares(matVec(basis, 7, 3, c), basis, 7, 3);
    expect(fit.residualNorm).toBeLessThan(1e-12);
    fit.coefficients.forEach((v, i) => expect(v).toBeCloseTo(c[i], 12));
    expect(() => matMul(new Float64Array(3), new Float64Array(3), 2, 2, 2)).toThrow(ShapeError);
  });
});
