import type { Real } from '@gsn/tensor';

/**
 * A local potential Φ(ψ) = Σ_i φ(ψ_i) of the stationary layer (SPEC 4.1, 4.3), acting on a
 * state in the (n, 2c) layout of `state-layout.ts`. Every method works on the whole state
 * array; `channels` = c.
 *
 * - `prox(y, α)` = argmin_z ½‖z − y‖² + αΦ(z) (for the focusing potential: the local,
 *   stable-branch minimiser, see `focusingCubic`).
 * - `proxJvp(y, α, v)` = D v with D the (generalised) Jacobian of the prox at y; symmetric,
 *   0 ⪯ D ⪯ I for convex Φ. It is what the adjoint needs.
 * - `proxStrengthDerivative(y, α)` = ∂prox/∂β at y, for potentials with a strength β.
 * - `gradient`, `hessianVp`, `gradientStrengthDerivative` (= ∂_β∇Φ) exist for smooth Φ.
 */
export interface Potential {
  readonly name: string;
  /** φ(e^{iθ}z) = φ(z) for every per-channel phase θ. */
  readonly gaugeInvariant: boolean;
  /** Convex potentials give a κ-strongly monotone layer; non-convex ones need a stability check. */
  readonly convex: boolean;
  /** The strength parameter β (R for the radial clip), `undefined` when there is none. */
  readonly strength: number | undefined;
  value(z: Real, channels: number): number;
  prox(y: Real, alpha: number, channels: number, out: Real): void;
  proxJvp(y: Real, alpha: number, channels: number, v: Real, out: Real): void;
  proxStrengthDerivative?(y: Real, alpha: number, channels: number, out: Real): void;
  gradient?(z: Real, channels: number, out: Real): void;
  hessianVp?(z: Real, channels: number, v: Real, out: Real): void;
  gradientStrengthDerivative?(z: Real, channels: number, out: Real): void;
  /** The same potential with strength β replaced (for potentials with a strength). */
  withStrength?(strength: number): Potential;
}

/** A smooth potential: one with gradient and Hessian-vector product. */
export type SmoothPotential = Potential & Required<Pick<Potential, 'gradient' | 'hessianVp'>>;

export function isSmooth(p: Potential): p is SmoothPotential {
  return p.gradient !== undefined && p.hessianVp !== undefined;
}
