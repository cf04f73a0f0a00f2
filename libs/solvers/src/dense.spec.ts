import { createRng, InvalidArgumentError, ShapeError } from '@gsn/tensor';
import { denseOperator, denseSolve, symmetricEigen, symmetricEigenvalues } from './dense';
import { maxAbsDiff, randomMatrix, randomSpd, randomVector } from './testing';

describe('denseSolve', () => {
  it('solves a random non-symmetric system (A x = b to 1e-12)', () => {
    const rng = createRng(1);
    const n = 25;
    const a = randomMatrix(n, n, rng);
    const b = randomVector(n, rng);
    const x = denseSolve(a, n, b);
    const ax = new Float64Array(n);
    denseOperator(a, n)(x, ax);
    expect(maxAbsDiff(ax, b)).toBeLessThan(1e-12);
  });

  it('needs pivoting: a zero leading entry', () => {
    const x = denseSolve(Float64Array.of(0, 1, 1, 0), 2, Float64Array.of(2, 3));
    expect(Array.from(x)).toEqual([3, 2]);
  });

  it('leaves A and b unchanged', () => {
    const a = Float64Array.of(4, 1, 2, 3);
    const b = Float64Array.of(1, 2);
    denseSolve(a, 2, b);
    expect(Array.from(a)).toEqual([4, 1, 2, 3]);
    expect(Array.from(b)).toEqual([1, 2]);
  });

  it('rejects a singular matrix and bad shapes', () => {
    expect(() => denseSolve(Float64Array.of(1, 2, 2, 4), 2, Float64Array.of(1, 1))).toThrow(InvalidArgumentError);
    expect(() => denseSolve(new Float64Array(3), 2, new Float64Array(2))).toThrow(ShapeError);
    expect(() => denseSolve(new Float64Array(4), 2, new Float64Array(3))).toThrow(ShapeError);
  });
});

describe('symmetricEigen', () => {
  it('diagonalises a random symmetric matrix: A v = λ v, V orthonormal, ascending', () => {
    const rng = createRng(2);
    const n = 20;
    const b = randomMatrix(n, n, rng);
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

  it('matches a closed form: [[2, 1], [1, 2]] has eigenvalues 1, 3', () => {
    const values = symmetricEigenvalues(Float64Array.of(2, 1, 1, 2), 2);
    expect(values[0]).toBeCloseTo(1, 14);
    expect(values[1]).toBeCloseTo(3, 14);
  });

  it('gives BᵀB + κI eigenvalues ≥ κ and trace = sum of eigenvalues', () => {
    const rng = createRng(3);
    const n = 15;
    const a = randomSpd(n, 0.5, rng);
    const values = symmetricEigenvalues(a, n);
    expect(values[0]).toBeGreaterThanOrEqual(0.5 - 1e-12);
    let trace = 0;
    for (let i = 0; i < n; i++) trace += a[i * n + i];
    expect(Math.abs(values.reduce((s, v) => s + v, 0) - trace)).toBeLessThan(1e-11);
  });

  it('rejects a non-symmetric matrix', () => {
    expect(() => symmetricEigenvalues(Float64Array.of(1, 2, 0, 1), 2)).toThrow(InvalidArgumentError);
  });
});

describe('denseOperator', () => {
  it('applies a rectangular matrix and checks lengths', () => {
    const op = denseOperator(Float64Array.of(1, 2, 3, 4, 5, 6), 2, 3);
    const out = new Float32Array(2);
    op(Float32Array.of(1, 0, -1), out);
    expect(Array.from(out)).toEqual([-2, -2]);
    expect(() => op(new Float64Array(2), new Float64Array(2))).toThrow(ShapeError);
  });
});
