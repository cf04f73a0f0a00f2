import { InvalidArgumentError, StabilityError } from '@gsn/tensor';
import type { Potential } from './potential';

/**
 * Phase-invariant potentials φ(ψ_i) = Σ_k f(|ψ_{i,k}|): a function of the complex modulus
 * ρ = |ψ_{i,k}| = √(u² + v²) of every channel of every node (our choice of ‖z‖, SPEC 4.3
 * leaves it open; per channel it is invariant under a phase per node and channel).
 * The prox of a radial f maps y ↦ r(ρ) y/ρ, with Jacobian on each (u, v) pair
 *   D = (r/ρ)(I − ŷŷᵀ) + r'(ρ) ŷŷᵀ,  ŷ = y/ρ  (D = r'(0) I at ρ = 0).
 */
interface RadialProfile {
  readonly name: string;
  readonly convex: boolean;
  readonly strength: number;
  f(rho: number): number;
  /** Radial prox r(ρ) of αf. */
  r(rho: number, alpha: number): number;
  /** r'(ρ) given r = r(ρ). */
  dr(rho: number, alpha: number, r: number): number;
  /** ∂r/∂β given r = r(ρ). */
  drDStrength(rho: number, alpha: number, r: number): number;
  /** Smooth profiles: f'(ρ)/ρ (so ∇ = (f'/ρ) z), f''(ρ) and ∂_β(f'/ρ). */
  gradScale?(rho: number): number;
  d2f?(rho: number): number;
  gradScaleDStrength?(rho: number): number;
  with(strength: number): RadialProfile;
}

function forEachPair(length: number, channels: number, visit: (iu: number, iv: number) => void): void {
  const width = 2 * channels;
  for (let base = 0; base < length; base += width) {
    for (let k = 0; k < channels; k++) visit(base + k, base + channels + k);
  }
}

function radialPotential(p: RadialProfile): Potential {
  const potential: Potential = {
    name: p.name,
    gaugeInvariant: true,
    convex: p.convex,
    strength: p.strength,
    value(z, channels) {
      let s = 0;
      forEachPair(z.length, channels, (iu, iv) => {
        s += p.f(Math.hypot(z[iu], z[iv]));
      });
      return s;
    },
    prox(y, alpha, channels, out) {
      forEachPair(y.length, channels, (iu, iv) => {
        const rho = Math.hypot(y[iu], y[iv]);
        const scale = rho === 0 ? 0 : p.r(rho, alpha) / rho; // NaN stays NaN
        out[iu] = scale * y[iu];
        out[iv] = scale * y[iv];
      });
    },
    proxJvp(y, alpha, channels, v, out) {
      forEachPair(y.length, channels, (iu, iv) => {
        const rho = Math.hypot(y[iu], y[iv]);
        const r = p.r(rho, alpha);
        const dr = p.dr(rho, alpha, r);
        if (rho === 0) {
          out[iu] = dr * v[iu];
          out[iv] = dr * v[iv];
          return;
        }
        const tangential = r / rho;
        const yu = y[iu] / rho;
        const yv = y[iv] / rho;
        const radial = (dr - tangential) * (yu * v[iu] + yv * v[iv]);
        out[iu] = tangential * v[iu] + radial * yu;
        out[iv] = tangential * v[iv] + radial * yv;
      });
    },
    proxStrengthDerivative(y, alpha, channels, out) {
      forEachPair(y.length, channels, (iu, iv) => {
        const rho = Math.hypot(y[iu], y[iv]);
        const scale = rho === 0 ? 0 : p.drDStrength(rho, alpha, p.r(rho, alpha)) / rho;
        out[iu] = scale * y[iu];
        out[iv] = scale * y[iv];
      });
    },
    withStrength: (strength) => radialPotential(p.with(strength)),
  };
  const { gradScale, d2f, gradScaleDStrength } = p;
  if (gradScale && d2f && gradScaleDStrength) {
    potential.gradient = (z, channels, out) => {
      forEachPair(z.length, channels, (iu, iv) => {
        const g = gradScale(Math.hypot(z[iu], z[iv]));
        out[iu] = g * z[iu];
        out[iv] = g * z[iv];
      });
    };
    potential.hessianVp = (z, channels, v, out) => {
      forEachPair(z.length, channels, (iu, iv) => {
        const rho = Math.hypot(z[iu], z[iv]);
        const g = gradScale(rho);
        if (rho === 0) {
          out[iu] = g * v[iu];
          out[iv] = g * v[iv];
          return;
        }
        const zu = z[iu] / rho;
        const zv = z[iv] / rho;
        const radial = (d2f(rho) - g) * (zu * v[iu] + zv * v[iv]);
        out[iu] = g * v[iu] + radial * zu;
        out[iv] = g * v[iv] + radial * zv;
      });
    };
    potential.gradientStrengthDerivative = (z, channels, out) => {
      forEachPair(z.length, channels, (iu, iv) => {
        const g = gradScaleDStrength(Math.hypot(z[iu], z[iv]));
        out[iu] = g * z[iu];
        out[iv] = g * z[iv];
      });
    };
  }
  return potential;
}

function requireNonNegative(value: number, field: string): void {
  if (!(value >= 0) || !Number.isFinite(value)) {
    throw new InvalidArgumentError(`${field} must be a finite number >= 0, got ${value}`);
  }
}

/** f(ρ) = βρ (group ℓ1): prox shrinks the modulus by αβ, r = max(0, ρ − αβ) (modReLU). */
export function modReluPotential(beta: number): Potential {
  requireNonNegative(beta, 'modReluPotential: beta');
  const profile = (b: number): RadialProfile => ({
    name: 'modrelu',
    convex: true,
    strength: b,
    f: (rho) => b * rho,
    r: (rho, alpha) => Math.max(0, rho - alpha * b),
    dr: (rho, alpha) => (rho > alpha * b ? 1 : 0),
    drDStrength: (rho, alpha) => (rho > alpha * b ? -alpha : 0),
    with: profile,
  });
  return radialPotential(profile(beta));
}

/** f = indicator of ρ ≤ R: prox clips the modulus, r = min(ρ, R). Its strength is R. */
export function radialClipPotential(radius: number): Potential {
  requireNonNegative(radius, 'radialClipPotential: radius');
  const profile = (radiusR: number): RadialProfile => ({
    name: 'radial-clip',
    convex: true,
    strength: radiusR,
    f: (rho) => (rho <= radiusR ? 0 : Infinity),
    r: (rho) => Math.min(rho, radiusR),
    dr: (rho) => (rho < radiusR ? 1 : 0),
    drDStrength: (rho) => (rho > radiusR ? 1 : 0),
    with: profile,
  });
  return radialPotential(profile(radius));
}

/**
 * Root r ≥ 0 of r + σ r³ = ρ (σ = ±αβ) by Newton. For σ > 0 it starts above the root and
 * decreases monotonically; for σ < 0 (focusing) it starts below and increases along the
 * stable branch 1 + 3σr² > 0, and fails when that branch has no root (ρ too large).
 */
function cubicRoot(rho: number, sigma: number): number {
  if (rho === 0 || sigma === 0) return rho;
  let r = sigma > 0 ? Math.min(rho, Math.cbrt(rho / sigma)) : rho;
  for (let it = 0; it < 100; it++) {
    const slope = 1 + 3 * sigma * r * r;
    if (slope <= 0) {
      throw new StabilityError(
        `focusing cubic prox: no stable root of r - ${-sigma}·r³ = ${rho} (the modulus exceeds the stable branch); ` +
          'lower the potential strength or the step, or raise κ',
      );
    }
    const step = (r + sigma * r * r * r - rho) / slope;
    r -= step;
    if (Math.abs(step) <= 1e-15 * r) return r;
  }
  return r;
}

/**
 * Defocusing cubic NLS: f(ρ) = (β/4)ρ⁴, ∇ = β|z|²z. Prox r = ρt with t + αβρ²t³ = 1, i.e.
 * r + αβr³ = ρ (Newton); r' = 1/(1 + 3αβr²), ∂_βr = −αr³/(1 + 3αβr²).
 */
export function cubicNlsPotential(beta: number): Potential {
  requireNonNegative(beta, 'cubicNlsPotential: beta');
  return radialPotential(quarticProfile('cubic-nls', beta, 1));
}

/**
 * Focusing cubic f(ρ) = −(β/4)ρ⁴ (non-convex). Its "prox" is the stable-branch root of
 * r − αβr³ = ρ with 1 − 3αβr² > 0 (a local minimiser of ½(r − ρ)² − αβr⁴/4); it throws
 * StabilityError where that branch has no root. Layers using it check λ_min(H + ∇²Φ) > 0.
 */
export function focusingCubicPotential(beta: number): Potential {
  requireNonNegative(beta, 'focusingCubicPotential: beta');
  return radialPotential(quarticProfile('focusing-cubic', beta, -1));
}

function quarticProfile(name: string, beta: number, sign: 1 | -1): RadialProfile {
  return {
    name,
    convex: sign > 0,
    strength: beta,
    f: (rho) => (sign * beta * rho ** 4) / 4,
    r: (rho, alpha) => cubicRoot(rho, sign * alpha * beta),
    dr: (_rho, alpha, r) => 1 / (1 + 3 * sign * alpha * beta * r * r),
    drDStrength: (_rho, alpha, r) => (-sign * alpha * r ** 3) / (1 + 3 * sign * alpha * beta * r * r),
    gradScale: (rho) => sign * beta * rho * rho,
    d2f: (rho) => 3 * sign * beta * rho * rho,
    gradScaleDStrength: (rho) => sign * rho * rho,
    with: (b) => quarticProfile(name, b, sign),
  };
}
