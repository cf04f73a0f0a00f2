import { layerOperator } from '@gsn/stationary';
import { couplingNorm } from './coupling';
import type { MultilayerNetwork } from './multilayer-network';
import type { LayerCoupling } from './coupling';

/**
 * The constants behind the global solvers (SPEC 4.7, 4.8), computed for one network:
 * κ_ℓ = min V_ℓ, Λ_ℓ = Gershgorin bound of A_ℓ, s_ℓ = ‖S_ℓ‖₂ (power iteration; S_1 acts on x
 * and does not couple two states, so s_max is over ℓ ≥ 2).
 *
 * Weighted strong monotonicity (SPEC 4.7): with ⟨Ψ, Ψ'⟩_β = Σ_ℓ ν^{−(ℓ−1)}⟨ψ_ℓ, ψ'_ℓ⟩,
 * F(Ψ) = MΨ − B is m_β-strongly monotone and ℓ_β-Lipschitz, m_β ≥ κ_min − s_max ν^{−1/2},
 * ℓ_β ≤ Λ_max + s_max ν^{−1/2}; it holds for every ν > ν_min = (s_max/κ_min)². We report it at
 * ν = 4ν_min (t = ν^{−1/2} = κ_min/(2 s_max)), where m_β = κ_min/2, and the FB step bound
 * α < 2m_β/ℓ_β² with its rate √(1 − 2αm_β + α²ℓ_β²).
 * Penalised problem (SPEC 4.8): strongly convex for μ > μ_0 = (2 s_max/κ_min)².
 */
export interface GlobalConditions {
  readonly kappas: readonly number[];
  readonly lambdas: readonly number[];
  readonly couplingNorms: readonly number[];
  readonly kappaMin: number;
  readonly lambdaMax: number;
  readonly sMax: number;
  /** κ_min > s_max: F is strongly monotone already in the plain inner product. */
  readonly unweightedMonotone: boolean;
  readonly nuMin: number;
  readonly nu: number;
  readonly mBeta: number;
  readonly lBeta: number;
  /** 2 m_β / ℓ_β²: the step bound of the strongly-monotone FB argument. */
  readonly alphaMax: number;
  /** μ_0 = (2 s_max/κ_min)². */
  readonly mu0: number;
}

export function globalConditions(net: MultilayerNetwork<LayerCoupling>): GlobalConditions {
  const like = new Float64Array(0);
  const ops = net.layers.map((layer) => layerOperator(layer, like));
  const kappas = ops.map((op) => op.kappa);
  const lambdas = ops.map((op) => op.lambdaBound);
  const couplingNorms = net.couplings.map((s) => couplingNorm(s));
  const kappaMin = Math.min(...kappas);
  const lambdaMax = Math.max(...lambdas);
  const sMax = Math.max(0, ...couplingNorms.slice(1));
  const nuMin = (sMax / kappaMin) ** 2;
  const t = sMax > 0 ? kappaMin / (2 * sMax) : 0;
  const nu = sMax > 0 ? 1 / (t * t) : 1;
  const mBeta = kappaMin - sMax * t;
  const lBeta = lambdaMax + sMax * t;
  return {
    kappas,
    lambdas,
    couplingNorms,
    kappaMin,
    lambdaMax,
    sMax,
    unweightedMonotone: kappaMin > sMax,
    nuMin,
    nu,
    mBeta,
    lBeta,
    alphaMax: (2 * mBeta) / (lBeta * lBeta),
    mu0: ((2 * sMax) / kappaMin) ** 2,
  };
}

/** √(1 − 2αm_β + α²ℓ_β²): the β-norm contraction factor of one global FB step (SPEC 4.7). */
export function weightedForwardBackwardRate(c: GlobalConditions, alpha: number): number {
  return Math.sqrt(Math.max(0, 1 - 2 * alpha * c.mBeta + alpha * alpha * c.lBeta * c.lBeta));
}

/**
 * max_ℓ max(|1 − ακ_ℓ|, |1 − αΛ_ℓ|): the asymptotic rate of the global FB iteration. Its
 * Jacobian is block lower-triangular with the single-layer FB maps on the diagonal, so any
 * α < 2/Λ_max converges (a sharper statement than the α < 2m_β/ℓ_β² of the monotone argument).
 */
export function layerContractionRate(c: GlobalConditions, alpha: number): number {
  let q = 0;
  for (let l = 0; l < c.kappas.length; l++) {
    q = Math.max(q, Math.abs(1 - alpha * c.kappas[l]), Math.abs(1 - alpha * c.lambdas[l]));
  }
  return q;
}
