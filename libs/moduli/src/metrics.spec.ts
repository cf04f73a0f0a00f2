import { InvalidArgumentError, createRng } from '@gsn/tensor';
import {
  entropyMetric,
  euclideanMetric,
  hypentropyMetric,
  logBarrierMetric,
  metricBounds,
  metricDiagonal,
  potentialValue,
} from './metrics';
import type { HessianMetric } from './metrics';

const METRICS: HessianMetric[] = [euclideanMetric(), entropyMetric(0.1), logBarrierMetric(0.1), hypentropyMetric(0.1)];

/** A random weight vector on a random stratum: each weight is 0 with probability 1/2. */
function pointOnRandomStratum(seed: number, m: number, wMax: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: m }, () => (rng.next() < 0.5 ? 0 : rng.next() * wMax));
}

describe('Hessian metrics', () => {
  it.each(METRICS.map((m) => [m.name, m] as const))(
    'P10 %s: g is within [g_min, g_max] > 0 on the box, on every stratum including zero weights',
    (_, metric) => {
      const wMax = 5;
      const { min, max } = metricBounds(metric, wMax);
      expect(min).toBeGreaterThan(0);
      expect(Number.isFinite(max)).toBe(true);
      for (let seed = 1; seed <= 50; seed++) {
        const w = pointOnRandomStratum(seed, 12, wMax);
        if (seed === 1) w.fill(0); // the lowest stratum: the empty graph
        const g = metricDiagonal(metric, w);
        for (const ge of g) {
          expect(ge).toBeGreaterThanOrEqual(min * (1 - 1e-15));
          expect(ge).toBeLessThanOrEqual(max * (1 + 1e-15));
        }
      }
    },
  );

  it.each(METRICS.map((m) => [m.name, m] as const))(
    '%s: the finite-difference Hessian of phi is diag(g), positive definite at points with zero weights',
    (_, metric) => {
      const w = Float64Array.from([0, 0.3, 0, 2, 1e-9]);
      const h = 1e-4;
      const g = metricDiagonal(metric, w);
      const shifted = (i: number, di: number, j: number, dj: number): number => {
        const x = Float64Array.from(w);
        x[i] += di;
        x[j] += dj;
        return potentialValue(metric, x);
      };
      for (let i = 0; i < w.length; i++) {
        for (let j = 0; j < w.length; j++) {
          const fd =
            (shifted(i, h, j, h) - shifted(i, h, j, -h) - shifted(i, -h, j, h) + shifted(i, -h, j, -h)) / (4 * h * h);
          if (i === j) {
            expect(g[i]).toBeGreaterThan(0);
            expect(Math.abs(fd - g[i])).toBeLessThan(1e-5 * Math.max(1, g[i]));
          } else {
            expect(Math.abs(fd)).toBeLessThan(1e-5);
          }
        }
      }
    },
  );

  it.each(METRICS.map((m) => [m.name, m] as const))(
    "%s: mirror is h' (finite differences), inverseMirror inverts it, mirrorUpdate moves in the dual, inverseMetric is 1/g",
    (_, metric) => {
      const h = 1e-6;
      for (const w of [0, 1e-3, 0.2, 1, 7]) {
        const fd = (metric.potential(w + h) - metric.potential(w - h)) / (2 * h);
        expect(Math.abs(fd - metric.mirror(w))).toBeLessThan(1e-7);
        const fd2 = (metric.mirror(w + h) - metric.mirror(w - h)) / (2 * h);
        expect(Math.abs(fd2 - metric.metric(w))).toBeLessThan(1e-6 * Math.max(1, metric.metric(w)));
        expect(Math.abs(metric.inverseMirror(metric.mirror(w)) - w)).toBeLessThan(1e-12 * Math.max(1, w));
        expect(metric.metric(w) * metric.inverseMetric(w)).toBeCloseTo(1, 14);
        expect(metric.mirrorUpdate(w, 0)).toBe(w);
        for (const delta of [-0.5, 0.3, 2]) {
          const theta = metric.mirror(w) - delta;
          if (metric.name === 'log-barrier' && theta >= 0) {
            expect(metric.mirrorUpdate(w, delta)).toBe(Infinity); // outside the range of h' = -1/(w + eps)
            continue;
          }
          const viaDual = metric.inverseMirror(theta);
          expect(Math.abs(metric.mirrorUpdate(w, delta) - viaDual)).toBeLessThan(1e-12 * Math.max(1, Math.abs(viaDual)));
        }
      }
    },
  );

  it('the shift sets the bound at the face: g(0) = 1/eps (M1), 1/eps^2 (M2), 1/beta (M3); eps -> 0 degenerates', () => {
    expect(metricBounds(entropyMetric(0.01), 1).max).toBeCloseTo(100, 10);
    expect(metricBounds(logBarrierMetric(0.01), 1).max).toBeCloseTo(1e4, 6);
    expect(metricBounds(hypentropyMetric(0.01), 1).max).toBeCloseTo(100, 10);
    expect(metricBounds(entropyMetric(1e-300), 1).max).toBeGreaterThan(1e299);
    expect(metricBounds(euclideanMetric(), 3)).toEqual({ min: 1, max: 1 });
  });

  it('rejects non-positive shifts, naming the field', () => {
    expect(() => entropyMetric(0)).toThrow(InvalidArgumentError);
    expect(() => logBarrierMetric(-1)).toThrow(/epsilon/);
    expect(() => hypentropyMetric(NaN)).toThrow(/beta/);
    expect(() => metricBounds(euclideanMetric(), -1)).toThrow(InvalidArgumentError);
  });
});
