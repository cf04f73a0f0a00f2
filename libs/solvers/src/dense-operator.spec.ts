import { createRng, denseSolve, ShapeError } from '@gsn/tensor';
import { denseOperator } from './dense-operator';
import { maxAbsDiff, randomMatrix, randomVector } from './testing';

describe('denseOperator', () => {
  it('applies a rectangular matrix and checks lengths', () => {
    const op = denseOperator(Float64Array.of(1, 2, 3, 4, 5, 6), 2, 3);
    const out = new Float32Array(2);
    op(Float32Array.of(1, 0, -1), out);
    expect(Array.from(out)).toEqual([-2, -2]);
    expect(() => op(new Float64Array(2), new Float64Array(2))).toThrow(ShapeError);
  });

  it('applies A to denseSolve(A, b) to give b back (to 1e-12)', () => {
    const rng = createRng(1);
    const n = 25;
    const a = randomMatrix(n, n, rng);
    const b = randomVector(n, rng);
    const ax = new Float64Array(n);
    denseOperator(a, n)(denseSolve(a, n, b), ax);
    expect(maxAbsDiff(ax, b)).toBeLessThan(1e-12);
  });
});
