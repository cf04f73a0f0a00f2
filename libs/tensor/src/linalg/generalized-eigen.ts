/** Eigenvalues of the symmetric-definite pencil H v = κ G v, by Cholesky reduction to L⁻¹ H L⁻ᵀ. */
import { cholesky, forwardSolve } from './cholesky';
import { checkMatrix } from './matrix';
import { symmetricEigen } from './symmetric-eigen';

/** Eigenvalues κ (ascending) of the pencil H v = κ G v, H symmetric, G symmetric positive definite. */
export function generalizedSymmetricEigenvalues(h: Float64Array, g: Float64Array, n: number): Float64Array {
  checkMatrix(h, n, n, 'generalizedSymmetricEigenvalues H');
  const l = cholesky(g, n);
  // C = L⁻¹ H L⁻ᵀ: solve column by column, then symmetrise away round-off.
  const x = new Float64Array(n * n); // X = L⁻¹ H, column-wise
  for (let c = 0; c < n; c++) {
    const hc = new Float64Array(n);
    for (let r = 0; r < n; r++) hc[r] = h[r * n + c];
    const y = forwardSolve(l, n, hc);
    for (let r = 0; r < n; r++) x[r * n + c] = y[r];
  }
  const cMat = new Float64Array(n * n); // C = X L⁻ᵀ = (L⁻¹ Xᵀ)ᵀ
  for (let r = 0; r < n; r++) {
    const y = forwardSolve(l, n, x.subarray(r * n, (r + 1) * n));
    for (let c = 0; c < n; c++) cMat[r * n + c] = y[c];
  }
  for (let r = 0; r < n; r++) {
    for (let c = r + 1; c < n; c++) {
      const m = 0.5 * (cMat[r * n + c] + cMat[c * n + r]);
      cMat[r * n + c] = m;
      cMat[c * n + r] = m;
    }
  }
  return symmetricEigen(cMat, n).values;
}
