/**
 * The plane rotation shared by the two Jacobi methods (`symmetricEigen`, two-sided;
 * `singularValueDecomposition`, one-sided).
 */

/**
 * Cosine and sine of the rotation that zeroes the off-diagonal entry of the 2 x 2 symmetric
 * [[α, γ], [γ, β]] for ζ = (β − α) / 2γ: t = tan θ is the smaller root of t² + 2ζt − 1 = 0
 * (|θ| ≤ π/4, so the rotation stays close to the identity).
 */
export function jacobiCosSin(zeta: number): [c: number, s: number] {
  const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(zeta * zeta + 1));
  const c = 1 / Math.sqrt(t * t + 1);
  return [c, t * c];
}

/**
 * (x, y) ← (c x − s y, s x + c y) on the strided vectors x_k = m[i + k·step], y_k = m[j + k·step],
 * k < count: a pair of rows (step 1) or of columns (step = row length) of a row-major matrix.
 */
export function rotatePair(m: Float64Array, i: number, j: number, step: number, count: number, c: number, s: number): void {
  for (let k = 0; k < count; k++) {
    const x = m[i + k * step];
    const y = m[j + k * step];
    m[i + k * step] = c * x - s * y;
    m[j + k * step] = s * x + c * y;
  }
}
