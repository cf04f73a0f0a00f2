import { createRng, dot, matVec, norm2 } from '@gsn/tensor';
import { splitFlow, verticalHorizontal } from './geometry';
import { quotientDifferential, symDimension } from './quadratic';
import {
  conservedQuantities,
  predictedOrbitDimension,
  realization,
  realizationJacobian,
  rescaleUnits,
  rescalingGenerators,
  shallowHessian,
  shallowLoss,
  shallowParameterCount,
  type ShallowSpec,
} from './shallow';
import { randomShallowProblem } from './testing';

const maxAbs = (a: ArrayLike<number>) => Array.from(a).reduce((m, v) => Math.max(m, Math.abs(v)), 0);

describe('shallow networks: derivatives', () => {
  it.each<ShallowSpec>([
    { m: 3, d: 2, activation: 'quadratic' },
    { m: 3, d: 2, activation: 'relu' },
  ])('Jacobian, gradient and Hessian match central differences (%j)', (spec) => {
    const n = 6;
    const { theta, x, y } = randomShallowProblem(spec, n, 41);
    const p = shallowParameterCount(spec);
    const j = realizationJacobian(spec, theta, x, n);
    const { grad } = shallowLoss(spec, theta, x, y, n);
    const hess = shallowHessian(spec, theta, x, y, n);
    const h = 1e-6;
    for (let q = 0; q < p; q++) {
      const tp = Float64Array.from(theta);
      const tm = Float64Array.from(theta);
      tp[q] += h;
      tm[q] -= h;
      const fp = realization(spec, tp, x, n);
      const fm = realization(spec, tm, x, n);
      for (let s = 0; s < n; s++) expect(Math.abs((fp[s] - fm[s]) / (2 * h) - j[s * p + q])).toBeLessThan(1e-7);
      const dl = (shallowLoss(spec, tp, x, y, n).loss - shallowLoss(spec, tm, x, y, n).loss) / (2 * h);
      expect(Math.abs(dl - grad[q])).toBeLessThan(1e-7);
      const gp = shallowLoss(spec, tp, x, y, n).grad;
      const gm = shallowLoss(spec, tm, x, y, n).grad;
      for (let r = 0; r < p; r++) expect(Math.abs((gp[r] - gm[r]) / (2 * h) - hess[r * p + q])).toBeLessThan(1e-6);
    }
  });
});

describe('Q1: orbit generators are vertical; nullity of J = orbit dimension', () => {
  it.each<ShallowSpec>([
    { m: 2, d: 4, activation: 'quadratic' },
    { m: 4, d: 4, activation: 'quadratic' },
    { m: 6, d: 3, activation: 'quadratic' },
    { m: 4, d: 3, activation: 'relu' },
  ])('J ξ_i = 0 (and dQ ξ_i = 0) to 1e-12, nullity = predicted (%j)', (spec) => {
    const p = shallowParameterCount(spec);
    const n = Math.max(symDimension(spec.d), p) + 10;
    const { theta, x } = randomShallowProblem(spec, n, 42);
    const j = realizationJacobian(spec, theta, x, n);
    const jNorm = maxAbs(j);
    for (const xi of rescalingGenerators(spec, theta)) {
      expect(maxAbs(matVec(j, n, p, xi))).toBeLessThan(1e-12 * jNorm * norm2(xi));
      if (spec.activation === 'quadratic') {
        const dq = quotientDifferential(spec, theta);
        expect(maxAbs(matVec(dq, symDimension(spec.d), p, xi))).toBeLessThan(1e-12 * maxAbs(dq) * norm2(xi));
      }
    }
    expect(verticalHorizontal(j, n, p).verticalDim).toBe(predictedOrbitDimension(spec));
    // A non-generator direction is not in ker J.
    const e = new Float64Array(p);
    e[0] = 1;
    expect(maxAbs(matVec(j, n, p, e))).toBeGreaterThan(1e-3);
  });
});

describe('Q2: ∇L is horizontal; vertical velocity does not move the predictor', () => {
  it.each<ShallowSpec>([
    { m: 3, d: 3, activation: 'quadratic' },
    { m: 3, d: 3, activation: 'relu' },
  ])('⟨∇L, ξ_i⟩ = 0 and ḟ(u + v) = ḟ(u) for v ∈ V_θ (%j)', (spec) => {
    const p = shallowParameterCount(spec);
    const n = 20;
    const { theta, x, y } = randomShallowProblem(spec, n, 43);
    const { grad } = shallowLoss(spec, theta, x, y, n);
    for (const xi of rescalingGenerators(spec, theta)) expect(Math.abs(dot(grad, xi))).toBeLessThan(1e-12 * norm2(grad) * norm2(xi));
    const split = verticalHorizontal(realizationJacobian(spec, theta, x, n), n, p);
    expect(maxAbs(splitFlow(split, grad).vertical)).toBeLessThan(1e-12 * norm2(grad));
    const rng = createRng(44);
    const u = Float64Array.from({ length: p }, () => rng.normal());
    const coeff = Float64Array.from({ length: split.verticalDim }, () => rng.normal());
    const v = matVec(split.vertical, p, split.verticalDim, coeff);
    const { horizontal: hPart } = splitFlow(split, u);
    const fdot = (w: Float64Array) => {
      const t = 1e-5;
      const fp = realization(spec, theta.map((q, i) => q + t * w[i]), x, n);
      const fm = realization(spec, theta.map((q, i) => q - t * w[i]), x, n);
      return fp.map((f, s) => (f - fm[s]) / (2 * t));
    };
    const base = fdot(u);
    const withV = fdot(u.map((q, i) => q + v[i]));
    expect(maxAbs(withV.map((f, s) => f - base[s]))).toBeLessThan(1e-6 * maxAbs(base));
    const withH = fdot(u.map((q, i) => q + hPart[i]));
    expect(maxAbs(withH.map((f, s) => f - base[s]))).toBeGreaterThan(1e-2 * maxAbs(base));
  });
});

describe('Q4: gradient flow conserves C_i = ‖w_i‖² − k a_i²', () => {
  function rk4(spec: ShallowSpec, theta0: Float64Array, x: Float64Array, y: Float64Array, n: number, dt: number, steps: number, decay: number) {
    const field = (t: Float64Array) => {
      const g = shallowLoss(spec, t, x, y, n).grad;
      return g.map((v, i) => -v - decay * t[i]);
    };
    let t = Float64Array.from(theta0);
    for (let s = 0; s < steps; s++) {
      const k1 = field(t);
      const k2 = field(t.map((v, i) => v + 0.5 * dt * k1[i]));
      const k3 = field(t.map((v, i) => v + 0.5 * dt * k2[i]));
      const k4 = field(t.map((v, i) => v + dt * k3[i]));
      t = t.map((v, i) => v + (dt / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]));
    }
    return t;
  }

  it.each<ShallowSpec>([
    { m: 4, d: 3, activation: 'quadratic' },
    { m: 4, d: 3, activation: 'relu' },
  ])('RK4, dt = 1e-3, t ∈ [0, 1]: |ΔC_i| < 1e-6; weight decay breaks it (%j)', (spec) => {
    const n = 16;
    const { theta: raw, x, y } = randomShallowProblem(spec, n, 45);
    const theta = raw.map((v) => 0.5 * v);
    const c0 = conservedQuantities(spec, theta);
    const end = rk4(spec, theta, x, y, n, 1e-3, 1000, 0);
    expect(norm2(end.map((v, i) => v - theta[i]))).toBeGreaterThan(0.05);
    conservedQuantities(spec, end).forEach((c, i) => expect(Math.abs(c - c0[i])).toBeLessThan(1e-6 * (1 + Math.abs(c0[i]))));
    const decayed = conservedQuantities(spec, rk4(spec, theta, x, y, n, 1e-3, 200, 0.5));
    expect(maxAbs(decayed.map((c, i) => c - c0[i]))).toBeGreaterThan(1e-3);
  });

  it('rescaling units keeps the realisation (invariance behind Q1-Q4)', () => {
    const spec: ShallowSpec = { m: 3, d: 2, activation: 'quadratic' };
    const { theta, x } = randomShallowProblem(spec, 5, 46);
    const f0 = realization(spec, theta, x, 5);
    const f1 = realization(spec, rescaleUnits(spec, theta, Float64Array.from([0.1, 3, 10])), x, 5);
    expect(maxAbs(f1.map((v, i) => v - f0[i]))).toBeLessThan(1e-12 * maxAbs(f0));
  });
});
