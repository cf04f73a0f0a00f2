import { createRng } from '@gsn/tensor';
import { expectClose } from '@gsn/tensor/testing';
import { applyComplexInputMap, complexInputMapVjp } from '@gsn/stationary';
import { randomState } from '@gsn/stationary/testing';
import { symmetricEigenvalues } from '@gsn/solvers';
import {
  addCouplingAdjointProduct,
  addCouplingEntryGradient,
  applyCoupling,
  couplingFromInputMap,
  couplingNorm,
  couplingToInputMap,
} from './coupling';
import { randomCoupling } from './random-network';

const c = 2;

describe('sparse complex coupling', () => {
  const rng = createRng(11);
  const s = randomCoupling(rng, 5, 4, c, 0.5, 1.3);
  const dense = couplingToInputMap(s);
  const x = randomState(rng, 4 * 2 * c);
  const y = randomState(rng, 5 * 2 * c);

  it('round-trips through the dense ComplexInputMap of @gsn/stationary', () => {
    const back = couplingFromInputMap(dense);
    expect(back.rows).toEqual(s.rows);
    expect(back.cols).toEqual(s.cols);
    expect(back.re).toEqual(s.re);
    expect(back.im).toEqual(s.im);
    expect(back.bias).toEqual(s.bias);
  });

  it('applies S x + b as the dense map does', () => {
    expectClose(applyCoupling(s, x, c), applyComplexInputMap(dense, x, c), 1e-14, 'Sx + b');
  });

  it('has the adjoint S^†: Re⟨y, Sx⟩ = Re⟨S^†y, x⟩, and dx matches stationary', () => {
    const sx = new Float64Array(5 * 2 * c);
    const zeroBias = { ...s, bias: new Float64Array(s.bias.length) };
    sx.set(applyCoupling(zeroBias, x, c));
    const sty = new Float64Array(4 * 2 * c);
    addCouplingAdjointProduct(s, y, c, 1, sty);
    const dot = (a: Float64Array, b: Float64Array) => a.reduce((t, v, i) => t + v * b[i], 0);
    expect(Math.abs(dot(y, sx) - dot(sty, x))).toBeLessThan(1e-13);
    expectClose(sty, complexInputMapVjp(dense, x, y, c).x, 1e-14, 'S^†y');
  });

  it('gives per-entry gradients equal to the dense dS_re, dS_im', () => {
    const dRe = new Float64Array(s.re.length);
    const dIm = new Float64Array(s.im.length);
    addCouplingEntryGradient(s, x, y, c, 1, dRe, dIm);
    const ref = complexInputMapVjp(dense, x, y, c);
    expectClose(dRe, Array.from(s.rows, (i, k) => ref.sRe[i * 4 + s.cols[k]]), 1e-14, 'dS_re');
    expectClose(dIm, Array.from(s.rows, (i, k) => ref.sIm[i * 4 + s.cols[k]]), 1e-14, 'dS_im');
  });

  it('computes ‖S‖₂ (here rescaled to 1.3) as the dense spectrum of S^†S says', () => {
    const n = 8;
    const sts = new Float64Array(n * n);
    for (let j = 0; j < n; j++) {
      const e = new Float64Array(n);
      e[j] = 1;
      const se = new Float64Array(10);
      const zeroBias = { ...s, bias: new Float64Array(10) };
      se.set(applyCoupling(zeroBias, e, 1));
      const col = new Float64Array(n);
      addCouplingAdjointProduct(s, se, 1, 1, col);
      for (let i = 0; i < n; i++) sts[i * n + j] = col[i];
    }
    const top = Math.max(...symmetricEigenvalues(sts, n));
    expect(Math.abs(Math.sqrt(top) - 1.3)).toBeLessThan(1e-8);
    expect(Math.abs(couplingNorm(s) - 1.3)).toBeLessThan(1e-8);
  });
});
