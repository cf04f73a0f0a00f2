import { createRng } from '../rng';
import { InvalidArgumentError, ShapeError } from '../errors';
import {
  checkSquare,
  columns,
  congruence,
  dot,
  frobeniusInner,
  frobeniusNorm,
  identityMatrix,
  matMul,
  matVec,
  norm2,
  trace,
  transpose,
} from './matrix';

describe('dense matrix helpers', () => {
  it('matMul, transpose, matVec and congruence agree with hand-computed products', () => {
    const a = Float64Array.of(1, 2, 3, 4, 5, 6); // 2 x 3
    expect(Array.from(transpose(a, 2, 3))).toEqual([1, 4, 2, 5, 3, 6]);
    expect(Array.from(matMul(a, transpose(a, 2, 3), 2, 3, 2))).toEqual([14, 32, 32, 77]);
    expect(Array.from(matVec(a, 2, 3, [1, 0, -1]))).toEqual([-2, -2]);
    const b = Float64Array.of(1, 0, 0, 1, 1, 1); // 3 x 2
    const s = Float64Array.of(2, 1, 0, 1, 2, 1, 0, 1, 2);
    expect(Array.from(congruence(s, 3, b, 2))).toEqual(Array.from(matMul(transpose(b, 3, 2), matMul(s, b, 3, 3, 2), 2, 3, 2)));
    expect(Array.from(columns(a, 2, 3, 1, 3))).toEqual([2, 3, 5, 6]);
  });

  it('norms, inner products and traces', () => {
    const rng = createRng(5);
    const x = Float64Array.from({ length: 16 }, () => rng.normal());
    expect(norm2(x) ** 2).toBeCloseTo(dot(x, x), 12);
    expect(frobeniusNorm(x)).toBe(norm2(x));
    expect(frobeniusInner(x, identityMatrix(4))).toBe(trace(x, 4));
    expect(trace(identityMatrix(7), 7)).toBe(7);
  });

  it('rejects bad shapes', () => {
    expect(() => matMul(new Float64Array(3), new Float64Array(3), 2, 2, 2)).toThrow(ShapeError);
    expect(() => matVec(new Float64Array(4), 2, 2, [1, 2, 3])).toThrow(ShapeError);
    expect(() => dot([1, 2], [1])).toThrow(ShapeError);
    expect(() => frobeniusInner([1, 2], [1])).toThrow(ShapeError);
    expect(() => checkSquare(new Float64Array(4), 0, 'test')).toThrow(InvalidArgumentError);
    expect(() => checkSquare(new Float64Array(3), 2, 'test')).toThrow(ShapeError);
  });
});
