import { InvalidArgumentError, type Real } from '@gsn/tensor';
import { fixedPoint, forwardBackward, type FixedPointOptions, type ForwardBackwardOptions } from '@gsn/solvers';
import { blockJacobi, forwardSubstitution, globalForwardBackward, type LayerSolve } from './exact-solve';
import { globalConditions, type GlobalConditions } from './global-conditions';
import type { MultilayerNetwork } from './multilayer-network';
import type { LayerCoupling } from './coupling';
import { globalVjp, layerwiseVjp } from './network-adjoint';
import { flattenGradients } from './network-gradients';
import { penalizedForwardBackward } from './penalized-solve';
import { assembleSupraGraph } from './supra-graph';

export interface PenaltySweepRow {
  readonly mu: number;
  /** ‖Ψ^μ − Ψ*‖ / ‖Ψ*‖. */
  readonly stateError: number;
  /** ‖grad_μ − grad‖ / ‖grad‖ over all parameters and x. */
  readonly gradError: number;
  readonly iterations: number;
}

/** What `gsn check supragraph` reports (SPEC P7, P8). */
export interface SupragraphCheck {
  /** max relative error vs forward substitution of global FB and of block-Jacobi after L sweeps. */
  readonly exactMaxErr: number;
  /** Block-Jacobi after L − 1 sweeps (must NOT be exact from a random start). */
  readonly jacobiErrBeforeL: number;
  /** max relative error of the global exact adjoint's gradients vs layer-by-layer reverse mode. */
  readonly adjointMaxErr: number;
  readonly rows: readonly PenaltySweepRow[];
  /** Least-squares slopes of log10(error) against log10(μ). */
  readonly stateSlope: number;
  readonly gradSlope: number;
  readonly conditions: GlobalConditions;
}

export const CHECK_TOL = 1e-14;

/** Relative max-abs difference max|a − b| / max(1, max|b|). */
export function relativeMaxError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let scale = 1;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / scale;
}

function relativeNormError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    d += (a[i] - b[i]) ** 2;
    n += b[i] ** 2;
  }
  return Math.sqrt(d / n);
}

/** Slope of the least-squares line through (log10 x, log10 y). */
export function logLogSlope(x: readonly number[], y: readonly number[]): number {
  const lx = x.map(Math.log10);
  const ly = y.map(Math.log10);
  const mx = lx.reduce((s, v) => s + v, 0) / lx.length;
  const my = ly.reduce((s, v) => s + v, 0) / ly.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < lx.length; i++) {
    num += (lx[i] - mx) * (ly[i] - my);
    den += (lx[i] - mx) ** 2;
  }
  return num / den;
}

/**
 * Runs the supra-graph checks on one network, input x and loss ℓ(Ψ) = ⟨g, Ψ⟩ (g (N, 2c)):
 * exact global solves vs forward substitution, global adjoint vs layer-wise reverse mode, and
 * the μ sweep of the penalised relaxation (state and gradient errors vs the exact system).
 * All solves run to relative tolerance 1e-14 (float64).
 */
export function checkSupragraph(
  net: MultilayerNetwork<LayerCoupling>,
  x: Real,
  g: Real,
  psi0: Real,
  mus: readonly number[],
): SupragraphCheck {
  if (mus.length < 2) throw new InvalidArgumentError(`checkSupragraph: need at least two penalties, got ${mus.length}`);
  const forwardOptions: Partial<ForwardBackwardOptions> = { tol: CHECK_TOL, maxIter: 100000 };
  const adjointOptions: Partial<FixedPointOptions> = { tol: CHECK_TOL, maxIter: 100000 };
  const solve: LayerSolve<Partial<ForwardBackwardOptions>> = { solver: forwardBackward, solverOptions: forwardOptions };
  const adjoint = { solver: fixedPoint, solverOptions: adjointOptions };
  const supra = assembleSupraGraph(net);
  const L = net.layers.length;

  const exact = forwardSubstitution(net, x, solve);
  const global = globalForwardBackward(supra, x, { solverOptions: forwardOptions });
  const jacobi = blockJacobi(net, x, psi0, L, solve);
  const exactMaxErr = Math.max(relativeMaxError(global.state, exact.state), relativeMaxError(jacobi[L], exact.state));
  const jacobiErrBeforeL = relativeMaxError(jacobi[L - 1], exact.state);

  const reference = flattenGradients(layerwiseVjp(net, x, exact, g, { form: 'prox', ...adjoint }));
  const globalGrad = flattenGradients(globalVjp(supra, x, global, g, adjoint));
  const adjointMaxErr = relativeMaxError(globalGrad, reference);

  const rows = mus.map((mu): PenaltySweepRow => {
    const pen = penalizedForwardBackward(supra, x, mu, { solverOptions: forwardOptions });
    const grads = flattenGradients(globalVjp(supra, x, pen, g, { ...adjoint, penalty: mu }));
    return {
      mu,
      stateError: relativeNormError(pen.state, exact.state),
      gradError: relativeNormError(grads, reference),
      iterations: pen.iterations,
    };
  });
  return {
    exactMaxErr,
    jacobiErrBeforeL,
    adjointMaxErr,
    rows,
    stateSlope: logLogSlope(mus, rows.map((r) => r.stateError)),
    gradSlope: logLogSlope(mus, rows.map((r) => r.gradError)),
    conditions: globalConditions(net),
  };
}
