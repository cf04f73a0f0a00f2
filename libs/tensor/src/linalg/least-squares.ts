/** Linear least squares min_c ‖b − B c‖ for a small dense basis B of full column rank. */
import { ShapeError } from '../errors';
import { cholesky, choleskySolve } from './cholesky';
import { checkMatrix, matMul, matVec, transpose } from './matrix';

export interface LeastSquares {
  readonly coefficients: Float64Array;
  /** ‖b − B c‖. */
  readonly residualNorm: number;
}

/**
 * min_c ‖b − B c‖ for B (rows x k) of full column rank, by the normal equations (BᵀB) c = Bᵀb
 * solved by Cholesky (`StabilityError` when B is rank-deficient to working precision).
 */
export function leastSquares(b: Float64Array, basis: Float64Array, rows: number, k: number): LeastSquares {
  checkMatrix(basis, rows, k, 'leastSquares basis');
  if (b.length !== rows) throw new ShapeError(`leastSquares: b has ${b.length} entries, basis has ${rows} rows`);
  const bt = transpose(basis, rows, k);
  const gram = matMul(bt, basis, k, rows, k);
  const coefficients = choleskySolve(cholesky(gram, k), k, matVec(bt, k, rows, b));
  const fit = matVec(basis, rows, k, coefficients);
  let r = 0;
  for (let i = 0; i < rows; i++) r += (b[i] - fit[i]) ** 2;
  return { coefficients, residualNorm: Math.sqrt(r) };
}
