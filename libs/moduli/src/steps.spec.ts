import { InvalidArgumentError, ShapeError, createRng } from '@gsn/tensor';
import { entropyMetric, euclideanMetric, hypentropyMetric, logBarrierMetric } from './metrics';
import type { HessianMetric } from './metrics';
import { kktResidual, mirrorStep, naturalStep } from './steps';

const METRICS: HessianMetric[] = [euclideanMetric(), entropyMetric(0.1), logBarrierMetric(0.1), hypentropyMetric(0.1)];

function randomVector(seed: number, m: number, f: (r: ReturnType<typeof createRng>) => number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: m }, () => f(rng));
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

describe('naturalStep and mirrorStep', () => {
  it('Euclidean metric: both steps are exactly projected gradient descent max(0, w - lr (grad + l1))', () => {
    const w = randomVector(1, 40, (r) => (r.next() < 0.3 ? 0 : 2 * r.next()));
    const grad = randomVector(2, 40, (r) => r.normal());
    const size = { lr: 0.37, l1: 0.05 };
    const reference = w.map((x, e) => Math.max(0, x - size.lr * (grad[e] + size.l1)));
    expect(naturalStep(euclideanMetric(), w, grad, size)).toEqual(reference);
    expect(mirrorStep(euclideanMetric(), w, grad, size)).toEqual(reference);
  });

  it('writes NG-M1 and MD-M1 in closed form (SPEC 4.6)', () => {
    const eps = 0.1;
    const w = Float64Array.from([0, 0.5, 2, 0.01]);
    const grad = Float64Array.from([-1, 0.3, -0.2, 5]);
    const size = { lr: 0.2, l1: 0.1 };
    const ng = naturalStep(entropyMetric(eps), w, grad, size);
    const md = mirrorStep(entropyMetric(eps), w, grad, size);
    for (let e = 0; e < w.length; e++) {
      const dF = grad[e] + size.l1;
      expect(ng[e]).toBeCloseTo(Math.max(0, w[e] - size.lr * (w[e] + eps) * dF), 15);
      expect(md[e]).toBeCloseTo(Math.max(0, (w[e] + eps) * Math.exp(-size.lr * dF) - eps), 15);
    }
    expect(ng[3]).toBe(0);
    expect(ng[0]).toBeCloseTo(size.lr * eps * 0.9, 15); // entry speed lr * eps * |dF|
  });

  it.each(METRICS.map((m) => [m.name, m] as const))(
    '%s: the step is a descent direction, <dF, w+ - w> < 0 unless KKT holds (then the step is 0)',
    (_, metric) => {
      for (let seed = 1; seed <= 30; seed++) {
        const w = randomVector(seed, 20, (r) => (r.next() < 0.4 ? 0 : r.next()));
        const grad = randomVector(seed + 100, 20, (r) => r.normal());
        for (const step of [naturalStep, mirrorStep]) {
          const next = step(metric, w, grad, { lr: 0.1, l1: 0.01 });
          const dF = grad.map((g) => g + 0.01);
          expect(dot(dF, next.map((x, e) => x - w[e]))).toBeLessThan(0);
        }
      }
      // A KKT point: dF = 0 on the support, dF >= 0 off it. No step moves it.
      const w = Float64Array.from([0, 1, 0, 2]);
      const grad = Float64Array.from([0.5, 0, 0, 0]);
      expect(kktResidual(w, grad).value).toBe(0);
      expect(naturalStep(metric, w, grad, { lr: 0.1, l1: 0 })).toEqual(w);
      expect(Math.max(...mirrorStep(metric, w, grad, { lr: 0.1, l1: 0 }).map((x, e) => Math.abs(x - w[e])))).toBeLessThan(
        1e-15,
      );
    },
  );

  it.each(METRICS.map((m) => [m.name, m] as const))(
    '%s: a small step decreases a smooth objective F(w) = 1/2 |w - c|^2 across a face',
    (_, metric) => {
      const c = Float64Array.from([-1, 0.5, 2, -0.2, 1]);
      const w = Float64Array.from([0.3, 0, 1, 0.05, 0]);
      const F = (x: Float64Array): number => 0.5 * x.reduce((s, xe, e) => s + (xe - c[e]) ** 2, 0);
      const grad = w.map((x, e) => x - c[e]);
      for (const step of [naturalStep, mirrorStep]) {
        const next = step(metric, w, grad, { lr: 0.05, l1: 0 }) as Float64Array;
        expect(F(next)).toBeLessThan(F(w));
      }
    },
  );

  it.each(METRICS.map((m) => [m.name, m] as const))(
    'P10 %s: the mirror step equals the natural step to O(lr^2) (log-log slope 2)',
    (_, metric) => {
      const w = randomVector(7, 10, (r) => 0.5 + r.next());
      const grad = randomVector(8, 10, (r) => r.normal());
      const gap = (lr: number): number => {
        const ng = naturalStep(metric, w, grad, { lr, l1: 0.1 });
        const md = mirrorStep(metric, w, grad, { lr, l1: 0.1 });
        return Math.max(...ng.map((x, e) => Math.abs(x - md[e])));
      };
      if (metric.name === 'euclidean') {
        expect(gap(1e-2)).toBe(0);
        return;
      }
      const lrs = [1e-2, 5e-3, 2.5e-3, 1.25e-3];
      const gaps = lrs.map(gap);
      for (let i = 1; i < lrs.length; i++) {
        const slope = Math.log(gaps[i - 1] / gaps[i]) / Math.log(lrs[i - 1] / lrs[i]);
        expect(slope).toBeGreaterThan(1.9);
        expect(slope).toBeLessThan(2.1);
      }
    },
  );

  it('log-barrier mirror step refuses to leave the mirror domain', () => {
    const w = Float64Array.from([1]);
    expect(() => mirrorStep(logBarrierMetric(0.1), w, Float64Array.from([-10]), { lr: 1, l1: 0 })).toThrow(
      InvalidArgumentError,
    );
  });

  it('validates shapes, step sizes and gradients', () => {
    const w = new Float64Array(3);
    const metric = entropyMetric();
    expect(() => naturalStep(metric, w, new Float64Array(2), { lr: 1, l1: 0 })).toThrow(ShapeError);
    expect(() => naturalStep(metric, w, new Float64Array(3), { lr: 0, l1: 0 })).toThrow(/lr/);
    expect(() => naturalStep(metric, w, new Float64Array(3), { lr: 1, l1: -1 })).toThrow(/l1/);
    expect(() => mirrorStep(metric, w, Float64Array.from([0, NaN, 0]), { lr: 1, l1: 0 })).toThrow(/grad\[1\]/);
  });

  it('keeps float32 weights float32 and may update in place', () => {
    const w = Float32Array.from([1, 0, 0.5]);
    const out = naturalStep(entropyMetric(), w, Float32Array.from([1, -1, 0]), { lr: 0.1, l1: 0 });
    expect(out).toBeInstanceOf(Float32Array);
    naturalStep(entropyMetric(), w, Float32Array.from([1, -1, 0]), { lr: 0.1, l1: 0 }, w);
    expect(w).toEqual(out);
  });
});

describe('kktResidual', () => {
  it('measures stationarity on the support and dual feasibility off it', () => {
    const w = Float64Array.from([1, 0, 0, 2]);
    const grad = Float64Array.from([0.1, -0.3, 0.4, -0.05]);
    const r = kktResidual(w, grad, 0.1);
    expect(r.onSupport).toBeCloseTo(0.2, 15); // |0.1 + 0.1| and |-0.05 + 0.1|
    expect(r.offSupport).toBeCloseTo(0.2, 15); // -( -0.3 + 0.1)
    expect(r.value).toBeCloseTo(0.2, 15);
    expect(r.projected).toBeCloseTo(0.2, 15);
  });

  it('P9: NG-M1 drives min_{w>=0} 1/2|Aw - b|^2 + l1 sum w to a KKT point, matching projected GD', () => {
    const rows = 20;
    const cols = 10;
    const rng = createRng(3);
    const A = Float64Array.from({ length: rows * cols }, () => rng.normal());
    const truth = Float64Array.from({ length: cols }, (_, j) => (j % 3 === 0 ? 0 : 1 + rng.next()));
    const b = Float64Array.from({ length: rows }, (_, i) => {
      let s = 0.05 * rng.normal();
      for (let j = 0; j < cols; j++) s += A[i * cols + j] * truth[j];
      return s;
    });
    const l1 = 0.5;
    const gradient = (w: Float64Array): Float64Array => {
      const r = new Float64Array(rows);
      for (let i = 0; i < rows; i++) {
        let s = -b[i];
        for (let j = 0; j < cols; j++) s += A[i * cols + j] * w[j];
        r[i] = s;
      }
      const g = new Float64Array(cols);
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) g[j] += A[i * cols + j] * r[i];
      return g;
    };
    // Lipschitz constant of the gradient: the Frobenius norm squared bounds |A^T A|.
    const L = A.reduce((s, a) => s + a * a, 0);
    const run = (metric: HessianMetric, lr: number, iters: number): Float64Array => {
      let w: Float64Array = new Float64Array(cols).fill(1);
      for (let t = 0; t < iters; t++) w = naturalStep(metric, w, gradient(w), { lr, l1 }) as Float64Array;
      return w;
    };
    const reference = run(euclideanMetric(), 1 / L, 20000);
    const ng = run(entropyMetric(0.1), 1 / (L * 3), 20000);
    const residual = kktResidual(ng, gradient(ng), l1);
    expect(residual.value).toBeLessThan(1e-8);
    expect(kktResidual(reference, gradient(reference), l1).value).toBeLessThan(1e-8);
    for (let j = 0; j < cols; j++) {
      expect(Math.abs(ng[j] - reference[j])).toBeLessThan(1e-8);
      expect(ng[j] > 0).toBe(reference[j] > 0);
    }
    expect(ng.some((x) => x === 0)).toBe(true); // some edges left exactly
  });
});
