/** Haar-random orthogonal matrices, for tests and gauge transformations. */
import type { Rng } from '../rng';
import { orthonormalizeColumns } from './gram-schmidt';

/** A Haar-random orthogonal n x n matrix (Gram-Schmidt QR of a Gaussian matrix, R with positive diagonal). */
export function randomOrthogonal(n: number, rng: Rng): Float64Array {
  const g = Float64Array.from({ length: n * n }, () => rng.normal());
  return orthonormalizeColumns(g, n, n);
}
