import { createRng, matMul } from '@gsn/tensor';
import {
  alternatingGroup,
  cyclicGroup,
  dihedralGroup,
  directProduct,
  quaternionGroup,
  symmetricGroup,
} from './group';
import type { FiniteGroup } from './group';
import {
  characterProjector,
  complexIrrepDimensions,
  fourierTransform,
  inverseFourierTransform,
  irrepDecomposition,
  irrepMatrix,
  isotypicPower,
  plancherelNorm2,
  regularRepresentation,
} from './representation';

describe('real irreducible decomposition (commutant method)', () => {
  const cases: [string, FiniteGroup, number[], number[]][] = [
    // [name, group, real irrep dims, complex irrep dims]
    ['Z5', cyclicGroup(5), [1, 2, 2], [1, 1, 1, 1, 1]],
    ['D5', dihedralGroup(5), [1, 1, 2, 2], [1, 1, 2, 2]],
    ['S3', symmetricGroup(3), [1, 1, 2], [1, 1, 2]],
    ['S4', symmetricGroup(4), [1, 1, 2, 3, 3], [1, 1, 2, 3, 3]],
    ['A4', alternatingGroup(4), [1, 2, 3], [1, 1, 1, 3]],
    ['A5', alternatingGroup(5), [1, 3, 3, 4, 5], [1, 3, 3, 4, 5]],
    ['S5', symmetricGroup(5), [1, 1, 4, 4, 5, 5, 6], [1, 1, 4, 4, 5, 5, 6]],
    ['Q8', quaternionGroup(), [1, 1, 1, 1, 4], [1, 1, 1, 1, 2]],
    ['Z2xZ3', directProduct(cyclicGroup(2), cyclicGroup(3)), [1, 1, 2, 2], [1, 1, 1, 1, 1, 1]],
  ];
  it.each(cases)('%s has the known irrep dimensions', (_name, g, realDims, complexDims) => {
    const dec = irrepDecomposition(g);
    expect(dec.classes.map((c) => c.dim).sort((a, b) => a - b)).toEqual(realDims);
    expect(complexIrrepDimensions(dec)).toEqual(complexDims);
    expect(complexDims.reduce((s, d) => s + d * d, 0)).toBe(g.order);
    expect(dec.classes[0].character.every((v) => Math.abs(v - 1) < 1e-10)).toBe(true);
  });

  it('isotypic projectors from bases equal the character formula and sum to the identity', () => {
    for (const g of [symmetricGroup(4), alternatingGroup(4), quaternionGroup()]) {
      const n = g.order;
      const dec = irrepDecomposition(g);
      const sum = new Float64Array(n * n);
      for (const c of dec.classes) {
        const p = characterProjector(g, c);
        for (let i = 0; i < p.length; i++) {
          expect(Math.abs(p[i] - c.projector[i])).toBeLessThan(1e-10);
          sum[i] += p[i];
        }
      }
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(Math.abs(sum[i * n + j] - (i === j ? 1 : 0))).toBeLessThan(1e-10);
    }
  });

  it('irrep matrices are orthogonal homomorphisms; P is a homomorphism', () => {
    const g = symmetricGroup(4);
    const dec = irrepDecomposition(g);
    const p = regularRepresentation(g);
    const n = g.order;
    for (const [a, b] of [[3, 7], [11, 20], [5, 5]]) {
      const ab = g.table[a * n + b];
      expect(Array.from(matMul(p[a], p[b], n, n, n))).toEqual(Array.from(p[ab]));
      for (const c of dec.classes) {
        const d = c.dim;
        const prod = matMul(irrepMatrix(g, c, a), irrepMatrix(g, c, b), d, d, d);
        const rab = irrepMatrix(g, c, ab);
        for (let i = 0; i < d * d; i++) expect(Math.abs(prod[i] - rab[i])).toBeLessThan(1e-10);
      }
    }
  });

  it('Fourier inversion and Plancherel hold to 1e-10 (cyclic, S3, S4, A4, Q8)', () => {
    const rng = createRng(11);
    for (const g of [cyclicGroup(7), symmetricGroup(3), symmetricGroup(4), alternatingGroup(4), quaternionGroup()]) {
      const dec = irrepDecomposition(g);
      const f = Float64Array.from({ length: g.order }, () => rng.normal());
      const fh = fourierTransform(dec, f);
      const back = inverseFourierTransform(dec, fh);
      for (let i = 0; i < g.order; i++) expect(Math.abs(back[i] - f[i])).toBeLessThan(1e-10);
      const norm2 = f.reduce((s, v) => s + v * v, 0);
      expect(Math.abs(plancherelNorm2(dec, fh) - norm2)).toBeLessThan(1e-10 * norm2);
      const power = isotypicPower(dec, f);
      expect(Math.abs(power.reduce((s, v) => s + v, 0) - 1)).toBeLessThan(1e-10);
    }
  });
});
