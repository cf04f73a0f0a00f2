/** Orthonormal columns by modified Gram-Schmidt: the Q of a thin QR. */
import { InvalidArgumentError } from '../errors';
import { checkMatrix } from './matrix';

/**
 * Orthonormalises the columns of A (rows x cols) in place by modified Gram-Schmidt (twice, for
 * stability) and returns it: the Q of a thin QR. Throws on (numerically) dependent columns.
 */
export function orthonormalizeColumns(a: Float64Array, rows: number, cols: number): Float64Array {
  checkMatrix(a, rows, cols, 'orthonormalizeColumns');
  for (let j = 0; j < cols; j++) {
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < j; i++) {
        let d = 0;
        for (let r = 0; r < rows; r++) d += a[r * cols + i] * a[r * cols + j];
        for (let r = 0; r < rows; r++) a[r * cols + j] -= d * a[r * cols + i];
      }
    }
    let norm = 0;
    for (let r = 0; r < rows; r++) norm += a[r * cols + j] ** 2;
    norm = Math.sqrt(norm);
    if (norm < 1e-12) throw new InvalidArgumentError(`orthonormalizeColumns: column ${j} is dependent`);
    for (let r = 0; r < rows; r++) a[r * cols + j] /= norm;
  }
  return a;
}
