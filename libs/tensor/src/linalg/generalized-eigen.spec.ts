import { createRng } from '../rng';
import { generalizedSymmetricEigenvalues } from './generalized-eigen';
import { matMul, transpose } from './matrix';
import { symmetricEigen } from './symmetric-eigen';

const rng = createRng(31);
const randn = (k: number) => Float64Array.from({ length: k }, () => rng.normal());

describe('generalizedSymmetricEigenvalues', () => {
  it('det(H − κG) = 0 for each κ', () => {
    const n = 5;
    const b = randn(n * n);
    const g = matMul(b, transpose(b, n, n), n, n, n).map((v, i) => v + (i % (n + 1) === 0 ? 1 : 0));
    const h = randn(n * n);
    const hs = h.map((v, i) => 0.5 * (v + h[(i % n) * n + Math.floor(i / n)]));
    const kappa = generalizedSymmetricEigenvalues(hs, g, n);
    // det(H − κG) = 0: H − κG has a zero eigenvalue.
    for (const k of kappa) {
      const m = hs.map((v, i) => v - k * g[i]);
      const ev = symmetricEigen(m, n).values;
      expect(Math.min(...Array.from(ev, Math.abs))).toBeLessThan(1e-10);
    }
  });
});
