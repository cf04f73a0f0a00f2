import { createRng, StabilityError } from '@gsn/tensor';
import { expectClose, finiteDifferenceGradient } from '@gsn/tensor/testing';
import type { Potential } from './potential';
import { isSmooth } from './potential';
import {
  cubicNlsPotential,
  focusingCubicPotential,
  modReluPotential,
  radialClipPotential,
} from './radial-potentials';
import { reluPotential } from './relu-potential';
import { zeroPotential } from './zero-potential';
import { randomState } from './testing';

const channels = 2;
const nodes = 3;
const length = nodes * 2 * channels;
const alpha = 0.4;

const potentials: Array<[string, Potential]> = [
  ['relu', reluPotential()],
  ['modrelu', modReluPotential(0.6)],
  ['radial clip', radialClipPotential(0.7)],
  ['cubic NLS', cubicNlsPotential(1.3)],
  ['focusing cubic', focusingCubicPotential(0.2)],
  ['zero', zeroPotential()],
];

/** A point away from every kink (ReLU: |y_i| > 0.05; modReLU: ρ ≠ αβ; clip: ρ ≠ R). */
function pointAwayFromKinks(seed: number): Float64Array {
  const y = randomState(createRng(seed), length, 0.9);
  for (let i = 0; i < y.length; i++) if (Math.abs(y[i]) < 0.05) y[i] = 0.3;
  return y;
}

function proxOf(p: Potential, y: Float64Array): Float64Array {
  const out = new Float64Array(y.length);
  p.prox(y, alpha, channels, out);
  return out;
}

describe('potentials (SPEC 4.3)', () => {
  it.each(potentials)('%s: the prox Jacobian-vector product matches finite differences', (_name, p) => {
    const y = pointAwayFromKinks(1);
    const v = randomState(createRng(2), length);
    const jv = new Float64Array(length);
    p.proxJvp(y, alpha, channels, v, jv);
    // d/dy <v, prox(y)> = D v (D symmetric)
    const fd = finiteDifferenceGradient((x) => proxOf(p, x).reduce((s, xi, i) => s + xi * v[i], 0), y.slice());
    expectClose(jv, fd, 1e-7, 'D v');
  });

  it.each(potentials.filter(([, p]) => p.convex))('%s: D is symmetric with 0 ⪯ D ⪯ I', (_name, p) => {
    const rng = createRng(3);
    const y = pointAwayFromKinks(4);
    for (let trial = 0; trial < 5; trial++) {
      const u = randomState(rng, length);
      const v = randomState(rng, length);
      const du = new Float64Array(length);
      const dv = new Float64Array(length);
      p.proxJvp(y, alpha, channels, u, du);
      p.proxJvp(y, alpha, channels, v, dv);
      const vDu = v.reduce((s, x, i) => s + x * du[i], 0);
      const uDv = u.reduce((s, x, i) => s + x * dv[i], 0);
      expect(Math.abs(vDu - uDv)).toBeLessThan(1e-12);
      const vDv = v.reduce((s, x, i) => s + x * dv[i], 0);
      const vv = v.reduce((s, x) => s + x * x, 0);
      expect(vDv).toBeGreaterThanOrEqual(-1e-12);
      expect(vDv).toBeLessThanOrEqual(vv + 1e-12);
    }
  });

  it.each(potentials.filter(([, p]) => p.strength !== undefined))(
    '%s: ∂prox/∂β matches finite differences in the strength',
    (_name, p) => {
      const y = pointAwayFromKinks(5);
      const d = new Float64Array(length);
      p.proxStrengthDerivative!(y, alpha, channels, d);
      const h = 1e-6;
      const up = proxOf(p.withStrength!(p.strength! + h), y);
      const down = proxOf(p.withStrength!(p.strength! - h), y);
      expectClose(d, up.map((u, i) => (u - down[i]) / (2 * h)), 1e-7, '∂prox/∂β');
    },
  );

  it.each(potentials.filter(([, p]) => isSmooth(p)))(
    '%s: gradient, Hessian and prox optimality are consistent',
    (_name, p) => {
      const z = pointAwayFromKinks(6);
      const g = new Float64Array(length);
      p.gradient!(z, channels, g);
      expectClose(g, finiteDifferenceGradient((x) => p.value(x, channels), z.slice()), 1e-7, '∇Φ');
      const v = randomState(createRng(7), length);
      const hv = new Float64Array(length);
      p.hessianVp!(z, channels, v, hv);
      const gradDotV = (x: Float64Array): number => {
        const gx = new Float64Array(length);
        p.gradient!(x, channels, gx);
        return gx.reduce((s, xi, i) => s + xi * v[i], 0);
      };
      expectClose(hv, finiteDifferenceGradient(gradDotV, z.slice()), 1e-7, '∇²Φ v');
      // prox optimality: y − prox(y) = α∇Φ(prox(y)), small y so the focusing branch exists.
      const y = z.map((x) => 0.5 * x);
      const r = proxOf(p, y);
      const gr = new Float64Array(length);
      p.gradient!(r, channels, gr);
      expectClose(y.map((yi, i) => yi - r[i]), gr.map((x) => alpha * x), 1e-12, 'prox optimality');
      if (p.strength !== undefined) {
        const db = new Float64Array(length);
        p.gradientStrengthDerivative!(z, channels, db);
        const h = 1e-6;
        const gu = new Float64Array(length);
        const gd = new Float64Array(length);
        p.withStrength!(p.strength + h).gradient!(z, channels, gu);
        p.withStrength!(p.strength - h).gradient!(z, channels, gd);
        expectClose(db, gu.map((u, i) => (u - gd[i]) / (2 * h)), 1e-7, '∂_β∇Φ');
      }
    },
  );

  it('closed forms: ReLU, modReLU shrink, clip, cubic root t + αβ|y|²t³ = 1', () => {
    const y = Float64Array.from([3, -1, 4, 0]); // one node, c = 2: z_1 = 3 + 4i, z_2 = −1
    expect(Array.from(proxOf(reluPotential(), y))).toEqual([3, 0, 4, 0]);
    const m = proxOf(modReluPotential(2.5), y); // αβ = 1: |z_1| 5 → 4, |z_2| 1 → 0
    expectClose(m, [2.4, 0, 3.2, 0], 1e-15, 'modReLU');
    const c = proxOf(radialClipPotential(2), y);
    expectClose(c, [1.2, -1, 1.6, 0], 1e-15, 'clip');
    const q = proxOf(cubicNlsPotential(1), y);
    const t = q[0] / 3;
    expect(Math.abs(t + alpha * 25 * t ** 3 - 1)).toBeLessThan(1e-14);
    expectClose([q[2]], [4 * t], 1e-14, 'cubic keeps the phase');
  });

  it('gauge invariance: radial potentials commute with a phase per channel, ReLU does not', () => {
    const y = pointAwayFromKinks(8);
    const theta = 0.83;
    const rotate = (x: Float64Array): Float64Array => {
      const out = x.slice();
      for (let node = 0; node < nodes; node++) {
        for (let k = 0; k < channels; k++) {
          const iu = node * 2 * channels + k;
          const iv = iu + channels;
          out[iu] = Math.cos(theta) * x[iu] - Math.sin(theta) * x[iv];
          out[iv] = Math.sin(theta) * x[iu] + Math.cos(theta) * x[iv];
        }
      }
      return out;
    };
    for (const [name, p] of potentials) {
      if (!p.gaugeInvariant) continue;
      expectClose(proxOf(p, rotate(y)), rotate(proxOf(p, y)), 1e-13, `${name} prox equivariant`);
      const small = y.map((x) => 0.3 * x);
      expect(Math.abs(p.value(rotate(small), channels) - p.value(small, channels))).toBeLessThan(1e-13);
    }
    const relu = reluPotential();
    expect(relu.gaugeInvariant).toBe(false);
    expect(Array.from(proxOf(relu, rotate(y)))).not.toEqual(Array.from(rotate(proxOf(relu, y))));
  });

  it('the focusing prox throws StabilityError beyond its stable branch', () => {
    const p = focusingCubicPotential(1);
    // ρ_max = (2/3)/√(3αβ) ≈ 0.609 for αβ = 0.4
    expect(() => proxOf(p, Float64Array.from([0.5, 0, 0, 0]))).not.toThrow();
    expect(() => proxOf(p, Float64Array.from([0.7, 0, 0, 0]))).toThrow(StabilityError);
  });
});
