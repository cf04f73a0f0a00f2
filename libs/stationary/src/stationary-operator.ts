import type { Real } from '@gsn/tensor';

/**
 * What the stationary solve, its adjoint and the stable-branch check need of a layer's linear
 * part H (SPEC 4.4, 4.5): a symmetric operator on (n, 2c) states with κI ⪯ H ⪯ ΛI. The graph
 * Schrödinger operator L_w + V (`schrodingerOperator`) is one, the connection Laplacian
 * L_F + V of `@gsn/sheaf` another. Parameter gradients that depend on how H is built (edge
 * weights, maps) stay with the operator's owner, computed from (ψ*, λ) after `operatorVjp`.
 */
export interface StationaryOperator {
  readonly nodes: number;
  /** c: states have 2c real columns. */
  readonly channels: number;
  /** out = H x for an (n, 2c) state x. */
  apply(x: Real, out: Real): void;
  /** Λ ≥ λ_max(H); the default step is 1/Λ. */
  readonly lambdaBound: number;
  /** A lower bound of H (H ⪰ κI): the strong-monotonicity modulus, > 0 for a layer's operator. */
  readonly kappa: number;
}

/**
 * The gradients of a diagonal on-site term V (H = … + V, V_i acting on node i's row):
 * out_i = dℓ/dV_i = −Re⟨λ_i, ψ_i⟩; returns dℓ/dκ = Σ_i dℓ/dV_i (V_i = κ + onsite_i).
 *
 * Shapes: ψ, λ (n, 2c); out (n).
 */
export function onsiteGradient(psi: Real, lambda: Real, channels: number, out: Real): number {
  const width = 2 * channels;
  let kappa = 0;
  for (let i = 0; i < out.length; i++) {
    let s = 0;
    for (let p = i * width; p < (i + 1) * width; p++) s -= lambda[p] * psi[p];
    out[i] = s;
    kappa += s;
  }
  return kappa;
}
