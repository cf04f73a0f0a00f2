import { jacobiCosSin, rotatePair } from './jacobi-rotation';

describe('Jacobi rotation', () => {
  it('zeroes the off-diagonal entry of a 2 x 2 symmetric matrix and is orthogonal', () => {
    for (const [alpha, beta, gamma] of [
      [2, 1, 0.5],
      [1, 1, 3],
      [-4, 7, -1e-3],
    ]) {
      const [c, s] = jacobiCosSin((beta - alpha) / (2 * gamma));
      expect(c * c + s * s).toBeCloseTo(1, 15);
      expect(Math.abs(s)).toBeLessThanOrEqual(c + 1e-15); // |θ| ≤ π/4
      const m = Float64Array.of(alpha, gamma, gamma, beta);
      rotatePair(m, 0, 1, 2, 2, c, s); // columns
      rotatePair(m, 0, 2, 1, 2, c, s); // rows
      expect(Math.abs(m[1]) + Math.abs(m[2])).toBeLessThan(1e-14 * (Math.abs(alpha) + Math.abs(beta) + Math.abs(gamma)));
      expect(m[0] + m[3]).toBeCloseTo(alpha + beta, 13);
    }
  });

  it('rotates strided pairs in place', () => {
    const m = Float64Array.of(1, 2, 3, 4);
    rotatePair(m, 0, 1, 2, 2, 0, 1); // (x, y) ← (−y, x) on the columns
    expect(Array.from(m)).toEqual([-2, 1, -4, 3]);
  });
});
