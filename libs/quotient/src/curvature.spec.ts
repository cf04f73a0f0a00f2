import { congruence, createRng, matMul, norm2, symmetricEigen, transpose } from '@gsn/tensor';
import { effectiveCurvature, spectrumSummary, targetsWithCriticalPoint } from './curvature';
import { leastSquaresQuotient, quotientDifferential, quotientLossHessian, quotientRepresentative, symDimension } from './quadratic';
import { predictedOrbitDimension, realizationJacobian, rescaleUnits, shallowHessian, shallowLoss, shallowParameterCount, type ShallowSpec } from './shallow';

function problem(spec: ShallowSpec, n: number, seed: number) {
  const rng = createRng(seed);
  const theta = Float64Array.from({ length: shallowParameterCount(spec) }, () => rng.normal());
  const x = Float64Array.from({ length: n * spec.d }, () => rng.normal());
  const y = targetsWithCriticalPoint(spec, theta, x, n, Float64Array.from({ length: n }, () => 2 * rng.normal()));
  return { theta, x, y, rng };
}

const relSpread = (vals: number[]) => (Math.max(...vals) - Math.min(...vals)) / Math.max(...vals.map(Math.abs));

describe('Q3: ambient vs effective curvature along rescaling orbits', () => {
  it.each<ShallowSpec>([
    { m: 2, d: 4, activation: 'quadratic' },
    { m: 3, d: 3, activation: 'relu' },
  ])('zero modes ≥ dim V, ambient trace varies by > 50x, effective curvatures invariant to 1e-8 (%j)', (spec) => {
    const n = 30;
    const { theta, x, y, rng } = problem(spec, n, 51);
    const base = shallowLoss(spec, theta, x, y, n);
    expect(norm2(base.grad)).toBeLessThan(1e-10);
    expect(norm2(base.residual)).toBeGreaterThan(1); // a non-interpolating critical point
    const orbit = [0.1, 0.3, 1, 3, 10].map((a) => new Float64Array(spec.m).fill(a));
    orbit.push(Float64Array.from({ length: spec.m }, () => Math.exp((rng.next() - 0.5) * 2 * Math.log(10))));
    const curves = orbit.map((alpha) => {
      const t = rescaleUnits(spec, theta, alpha);
      expect(shallowLoss(spec, t, x, y, n).loss).toBeCloseTo(base.loss, 9);
      return effectiveCurvature(spec, t, x, y, n);
    });
    for (const c of curves) {
      expect(c.verticalDim).toBe(predictedOrbitDimension(spec));
      const top = c.ambient[c.ambient.length - 1];
      expect(c.ambient.filter((v) => Math.abs(v) <= 1e-8 * Math.max(1, top)).length).toBeGreaterThanOrEqual(c.verticalDim);
    }
    const traces = curves.map((c) => spectrumSummary(c.ambient).trace);
    expect(Math.max(...traces) / Math.min(...traces)).toBeGreaterThan(50);
    expect(relSpread(curves.map((c) => spectrumSummary(c.reduced).max))).toBeGreaterThan(0.5);
    const h = curves[0].metric.length;
    for (let k = 0; k < h; k++) {
      expect(relSpread(curves.map((c) => c.metric[k]))).toBeLessThan(1e-8);
      if (spec.activation === 'quadratic') expect(relSpread(curves.map((c) => c.quotient![k]))).toBeLessThan(1e-8);
    }
    if (spec.activation === 'quadratic') {
      // Informative: not every κ equals 1 (rank-constrained Q, r ≠ 0 adds the Weingarten part).
      expect(curves[0].metric[h - 1] - curves[0].metric[0]).toBeGreaterThan(1e-2);
    } else {
      // Shallow ReLU: Σ r_n ∂²f_n/∂a_i∂w_i = (Jᵀr)_{w_i}/a_i = 0 at critical points, so ∇²L = JᵀJ/N there and κ₁ ≡ 1.
      curves[0].metric.forEach((k) => expect(k).toBeCloseTo(1, 8));
    }
  });

  it('m ≥ d, least-squares minimum: Hessian = Gauss-Newton = dQᵀ Hess_Q dQ, κ₁ ≡ 1 and κ₂ = spec(Hess_Q)', () => {
    const d = 3;
    const n = 12;
    const spec: ShallowSpec = { m: d, d, activation: 'quadratic' };
    const rng = createRng(53);
    const x = Float64Array.from({ length: n * d }, () => rng.normal());
    const y = Float64Array.from({ length: n }, () => rng.normal());
    const theta = rescaleUnits(spec, quotientRepresentative(leastSquaresQuotient(x, y, n, d), d, d, false), Float64Array.from([0.5, 2, 1.3]));
    expect(norm2(shallowLoss(spec, theta, x, y, n).grad)).toBeLessThan(1e-10);
    const p = theta.length;
    const dim = symDimension(d);
    const j = realizationJacobian(spec, theta, x, n);
    const gn = matMul(transpose(j, n, p), j, p, n, p).map((v) => v / n);
    const hessQ = quotientLossHessian(x, n, d);
    const chain = congruence(hessQ, dim, quotientDifferential(spec, theta), p);
    const hess = shallowHessian(spec, theta, x, y, n);
    gn.forEach((v, i) => {
      expect(Math.abs(v - chain[i])).toBeLessThan(1e-10 * (1 + Math.abs(v)));
      expect(Math.abs(v - hess[i])).toBeLessThan(1e-9 * (1 + Math.abs(v)));
    });
    const c = effectiveCurvature(spec, theta, x, y, n);
    c.metric.forEach((k) => expect(k).toBeCloseTo(1, 8));
    const expected = symmetricEigen(hessQ, dim).values;
    c.quotient!.forEach((k, i) => expect(Math.abs(k - expected[i])).toBeLessThan(1e-8 * expected[dim - 1]));
  });
});
