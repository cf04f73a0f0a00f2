/**
 * A small dense matrix as a `LinearOperator`, for reference solutions in tests and Lanczos'
 * checks. The dense linear algebra itself (LU, Jacobi eigen, ...) lives in `@gsn/tensor`.
 */
import { ShapeError, type Real } from '@gsn/tensor';
import type { LinearOperator } from './operator';

/** out = A x for a row-major n×m matrix, as a `LinearOperator` (works in either precision). */
export function denseOperator(A: Float64Array, rows: number, cols: number = rows): LinearOperator {
  if (A.length !== rows * cols) {
    throw new ShapeError(`denseOperator: matrix has ${A.length} entries, expected ${rows}×${cols}`);
  }
  return (x: Real, out: Real) => {
    if (x.length !== cols || out.length !== rows) {
      throw new ShapeError(`denseOperator: ${rows}×${cols} matrix applied to length ${x.length} into length ${out.length}`);
    }
    for (let i = 0; i < rows; i++) {
      let s = 0;
      for (let j = 0; j < cols; j++) s += A[i * cols + j] * x[j];
      out[i] = s;
    }
  };
}
