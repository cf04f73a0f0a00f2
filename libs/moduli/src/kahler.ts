import { ShapeError } from '@gsn/tensor';
import type { Real } from '@gsn/tensor';
import type { HessianMetric } from './metrics';

/**
 * A point z = w + i y of the tube domain W + i R^E, as two real channels: `re` the edge
 * weights, `im` a phase / angle per edge (the U(1) phase of the magnetic variant, SPEC 4.9).
 */
export interface TubePoint {
  readonly re: Real;
  readonly im: Real;
}

/**
 * Kaehler potential K(z) = 4 phi(Re z) = 4 sum_e h(w_e) of the tube domain. It does not
 * depend on Im z: the Kaehler structure is invariant under phase translations y -> y + c.
 */
export function kahlerPotential(metric: HessianMetric, z: TubePoint): number {
  if (z.re.length !== z.im.length) {
    throw new ShapeError(`kahlerPotential: re has ${z.re.length} entries but im ${z.im.length}`);
  }
  let s = 0;
  for (let e = 0; e < z.re.length; e++) s += metric.potential(z.re[e]);
  return 4 * s;
}

/**
 * The Kaehler metric g_{e ebar} = d^2 K / dz_e dz-bar_e = (1/4)(d^2_w + d^2_y) K = h''(w_e),
 * diagonal and y-independent: on the real slice it is the Hessian metric (Kaehler-Hessian).
 */
export function kahlerMetric(metric: HessianMetric, z: TubePoint, out: Real = new Float64Array(z.re.length)): Real {
  if (z.re.length !== z.im.length || out.length !== z.re.length) {
    throw new ShapeError(`kahlerMetric: re ${z.re.length}, im ${z.im.length} and out ${out.length} entries differ`);
  }
  for (let e = 0; e < z.re.length; e++) out[e] = metric.metric(z.re[e]);
  return out;
}
