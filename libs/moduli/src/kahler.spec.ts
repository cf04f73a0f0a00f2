import { ShapeError } from '@gsn/tensor';
import { kahlerMetric, kahlerPotential } from './kahler';
import { entropyMetric, euclideanMetric, hypentropyMetric, logBarrierMetric } from './metrics';

describe('Kaehler structure of the tube domain', () => {
  const metrics = [euclideanMetric(), entropyMetric(0.1), logBarrierMetric(0.1), hypentropyMetric(0.1)];

  it.each(metrics.map((m) => [m.name, m] as const))(
    '%s: d^2K/dz dzbar = (1/4)(d^2_w + d^2_y)K by finite differences equals h\'\'(w), also at w = 0',
    (_, metric) => {
      const re = Float64Array.from([0, 0.4, 2.5]);
      const im = Float64Array.from([0.3, -1, 2]);
      const g = kahlerMetric(metric, { re, im });
      const h = 1e-4;
      for (let e = 0; e < re.length; e++) {
        const k = (dw: number, dy: number): number => {
          const r = Float64Array.from(re);
          const i = Float64Array.from(im);
          r[e] += dw;
          i[e] += dy;
          return kahlerPotential(metric, { re: r, im: i });
        };
        const d2w = (k(h, 0) - 2 * k(0, 0) + k(-h, 0)) / (h * h);
        const d2y = (k(0, h) - 2 * k(0, 0) + k(0, -h)) / (h * h);
        const fd = (d2w + d2y) / 4;
        expect(Math.abs(fd - metric.metric(re[e]))).toBeLessThan(1e-5 * Math.max(1, g[e]));
        expect(g[e]).toBe(metric.metric(re[e]));
      }
    },
  );

  it('is invariant under phase translations y -> y + c', () => {
    const metric = entropyMetric(0.1);
    const re = Float64Array.from([0, 1]);
    const a = { re, im: Float64Array.from([0, 0]) };
    const b = { re, im: Float64Array.from([1.5, -4]) };
    expect(kahlerPotential(metric, a)).toBe(kahlerPotential(metric, b));
    expect(kahlerMetric(metric, a)).toEqual(kahlerMetric(metric, b));
    expect(() => kahlerPotential(metric, { re, im: new Float64Array(3) })).toThrow(ShapeError);
  });
});
