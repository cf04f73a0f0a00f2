import { validateCsr } from './csr';
import { csrFromCoo } from './csr-from-coo';
import { ShapeError } from './errors';

describe('csrFromCoo', () => {
  it('sorts by row then column and sums duplicates', () => {
    const a = csrFromCoo(3, 4, [2, 0, 2, 0, 2, 0], [1, 3, 0, 1, 1, 3], [1, 2, 3, 4, 5, 6], 'float64');
    validateCsr(a);
    expect(Array.from(a.rowPtr)).toEqual([0, 2, 2, 4]);
    expect(Array.from(a.colIdx)).toEqual([1, 3, 0, 1]);
    expect(Array.from(a.values)).toEqual([4, 8, 3, 6]);
    expect(a.values).toBeInstanceOf(Float64Array);
  });

  it('keeps explicit zeros and returns the requested precision', () => {
    const a = csrFromCoo(2, 2, [1, 0], [1, 0], [0, 0.1], 'float32');
    expect(Array.from(a.colIdx)).toEqual([0, 1]);
    expect(a.values).toBeInstanceOf(Float32Array);
    expect(a.values[1]).toBe(0);
  });

  it('rejects entries outside the shape and mismatched lengths with ShapeError', () => {
    expect(() => csrFromCoo(2, 2, [0, 2], [0, 0], [1, 1], 'float64')).toThrow(ShapeError);
    expect(() => csrFromCoo(2, 2, [0], [0, 1], [1, 1], 'float64')).toThrow(/lengths/);
    expect(() => csrFromCoo(2, 2, [0.5], [0], [1], 'float64')).toThrow(ShapeError);
  });
});
