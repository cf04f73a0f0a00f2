import { ConvergenceError, InvalidArgumentError, type Real } from '@gsn/tensor';
import { stationaryState } from '@gsn/stationary';
import { addCouplingAdjointProduct } from './coupling';
import { globalForwardBackwardWith, layerSource, type GlobalSolve, type GlobalSolveOptions, type LayerSolve } from './exact-solve';
import { layerOffsets, layerView, type MultilayerNetwork } from './multilayer-network';
import type { LayerCoupling } from './coupling';
import type { SupraGraph } from './supra-graph';
import { supraOperator } from './supra-operator';

function checkPenalty(name: string, mu: number): void {
  if (!(mu > 0 && Number.isFinite(mu))) throw new InvalidArgumentError(`${name}: penalty mu must be a finite number > 0, got ${mu}`);
}

/**
 * The penalised relaxation (SPEC 4.8): minimiser of 𝓔_μ(Ψ) = Σ_ℓ μ^{L−ℓ}E_ℓ(ψ_ℓ; ψ_{ℓ−1}), i.e.
 * 0 ∈ M_μΨ + ∂Φ(Ψ) − B(x), by the global forward–backward iteration on M_μ (all layers at
 * once). It is FB on 𝓔_μ in the inner product weighted by μ^{L−ℓ}, where the Hessian is the
 * symmetric supra-matrix with blocks A_ℓ and −μ^{−1/2}S_ℓ: κ_min − 2μ^{−1/2}s_max ⪯ · ⪯
 * Λ_max + 2μ^{−1/2}s_max, so the default α = 2/(κ_min + Λ_max) contracts for μ > μ_0.
 */
export function penalizedForwardBackward(supra: SupraGraph, x: Real, mu: number, options: GlobalSolveOptions = {}): GlobalSolve {
  checkPenalty('penalizedForwardBackward', mu);
  const op = options.operator ?? supraOperator(supra, mu);
  if (op.penalty !== mu) throw new InvalidArgumentError(`penalizedForwardBackward: operator has penalty ${op.penalty}, expected ${mu}`);
  return globalForwardBackwardWith(supra, op, x, options);
}

export interface GaussSeidelOptions {
  readonly tol: number;
  readonly maxSweeps: number;
  readonly z0?: Real;
}

export const GAUSS_SEIDEL_DEFAULTS: Readonly<GaussSeidelOptions> = Object.freeze({ tol: 1e-10, maxSweeps: 500 });

export interface GaussSeidelResult {
  readonly state: Real;
  readonly sweeps: number;
  /** Forward iterations of all layer solves. */
  readonly iterations: number;
  readonly residuals: number[];
}

/**
 * Block Gauss–Seidel (block coordinate descent on the strongly convex 𝓔_μ): for ℓ = 1..L,
 * ψ_ℓ ← T_ℓ(S_ℓψ_{ℓ−1} + b_ℓ + μ^{−1}S_{ℓ+1}^†ψ_{ℓ+1}) with the newest neighbours, until the
 * relative sweep change ‖ΔΨ‖/(1 + ‖Ψ‖) ≤ tol.
 */
export function penalizedGaussSeidel<O>(
  net: MultilayerNetwork<LayerCoupling>,
  x: Real,
  mu: number,
  solve: LayerSolve<O>,
  options: Partial<GaussSeidelOptions> = {},
): GaussSeidelResult {
  checkPenalty('penalizedGaussSeidel', mu);
  const o = { ...GAUSS_SEIDEL_DEFAULTS, ...options };
  if (!(o.tol > 0)) throw new InvalidArgumentError(`penalizedGaussSeidel: tol must be > 0, got ${o.tol}`);
  if (!(Number.isInteger(o.maxSweeps) && o.maxSweeps >= 1)) {
    throw new InvalidArgumentError(`penalizedGaussSeidel: maxSweeps must be an integer ≥ 1, got ${o.maxSweeps}`);
  }
  const offsets = layerOffsets(net);
  const c = net.channels;
  const L = net.layers.length;
  const state = o.z0 ? o.z0.slice() : new (x.constructor as Float64ArrayConstructor)(offsets[L] * 2 * c);
  const residuals: number[] = [];
  let iterations = 0;
  for (let sweep = 1; sweep <= o.maxSweeps; sweep++) {
    let change = 0;
    let size = 0;
    for (let l = 0; l < L; l++) {
      const psi = layerView(state, offsets, l, c);
      const source = layerSource(net, l, l === 0 ? x : layerView(state, offsets, l - 1, c));
      if (l + 1 < L) addCouplingAdjointProduct(net.couplings[l + 1], layerView(state, offsets, l + 1, c), c, 1 / mu, source);
      const solved = stationaryState(net.layers[l], source, { ...solve, z0: psi.slice() });
      iterations += solved.iterations;
      for (let p = 0; p < psi.length; p++) {
        change += (solved.state[p] - psi[p]) ** 2;
        size += psi[p] ** 2;
      }
      psi.set(solved.state);
    }
    const r = Math.sqrt(change) / (1 + Math.sqrt(size));
    residuals.push(r);
    if (!Number.isFinite(r)) throw new ConvergenceError(`penalizedGaussSeidel: non-finite state at sweep ${sweep}`, residuals);
    if (r <= o.tol) return { state, sweeps: sweep, iterations, residuals };
  }
  throw new ConvergenceError(
    `penalizedGaussSeidel: no convergence in ${o.maxSweeps} sweeps (residual ${residuals[residuals.length - 1]}, tol ${o.tol})`,
    residuals,
  );
}

