import { createRng } from '../rng';
import { InvalidArgumentError, ShapeError } from '../errors';
import { denseSolve, inverse } from './lu';
import { frobeniusNorm, identityMatrix, matMul, matVec } from './matrix';

describe('denseSolve', () => {
  it('solves a random non-symmetric system (A x = b to 1e-12)', () => {
    const rng = createRng(1);
    const n = 25;
    const a = Float64Array.from({ length: n * n }, () => rng.normal());
    const b = Float64Array.from({ length: n }, () => rng.normal());
    const x = denseSolve(a, n, b);
    const ax = matVec(a, n, n, x);
    expect(ax.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0)).toBeLessThan(1e-12);
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

describe('inverse', () => {
  it('A A⁻¹ = I for a random A, and a singular A is rejected', () => {
    const rng = createRng(3);
    const n = 6;
    const a = Float64Array.from({ length: n * n }, () => rng.normal());
    const prod = matMul(a, inverse(a, n), n, n, n);
    expect(frobeniusNorm(prod.map((v, i) => v - identityMatrix(n)[i]))).toBeLessThan(1e-10);
    expect(() => inverse(new Float64Array(4), 2)).toThrow(InvalidArgumentError);
  });

  it('leaves A unchanged and needs pivoting', () => {
    const a = Float64Array.of(0, 2, 4, 0);
    expect(Array.from(inverse(a, 2))).toEqual([0, 0.25, 0.5, 0]);
    expect(Array.from(a)).toEqual([0, 2, 4, 0]);
  });
});
