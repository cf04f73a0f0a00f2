import { ConvergenceError, InvalidArgumentError, StabilityError, zerosLike, type Real } from '@gsn/tensor';
import type { ForwardBackwardProblem, SolveResult } from '@gsn/solvers';
import { layerOperator, type StationaryLayer } from './stationary-layer';
import { assertStateShape, norm2 } from './state-layout';
import { checkOperatorStability, type StabilityCheckOptions } from './stability';
import type { Potential } from './potential';
import type { StationaryOperator } from './stationary-operator';

/** The forward solver a layer is given: `forwardBackward` of `@gsn/solvers` (or one like it). */
export type ForwardBackwardSolver<O> = (problem: ForwardBackwardProblem, z0: Real, options: O) => SolveResult;

export interface StationaryStateOptions<O> {
  /** Forward solver and its options (tolerance, iterations, Anderson acceleration). */
  readonly solver: ForwardBackwardSolver<O>;
  readonly solverOptions: O;
  /** Warm start (e.g. the previous state); zero when absent. */
  readonly z0?: Real;
  /** Step α; defaults to 1/Λ_bound (SPEC 4.4, 4.14). Must lie in (0, 2/Λ_bound). */
  readonly alpha?: number;
  /** Lanczos settings of the stable-branch check (non-convex potentials only). */
  readonly stability?: Partial<StabilityCheckOptions>;
}

/** The solution of one layer: the state and the solver's statistics (no trajectory). */
export interface StationaryState {
  readonly state: Real;
  /** The step used, needed by the prox-form adjoint. */
  readonly alpha: number;
  readonly iterations: number;
  readonly residuals: readonly number[];
  readonly converged: boolean;
  readonly reason: string;
}

/**
 * Solves 0 ∈ Hψ + ∂Φ(ψ) − s for any operator H by forward–backward
 * ψ ← prox_{αΦ}(ψ − α(Hψ − s)) with the given solver. For a non-convex potential it then checks
 * λ_min(H + ∇²Φ(ψ*)) > 0 and throws StabilityError otherwise (also when the solve itself fails:
 * no stable branch was reached). `caller` names the function in error messages.
 *
 * Shapes: source (n, 2c) → state (n, 2c), n = op.nodes, c = op.channels.
 */
export function operatorState<O>(
  op: StationaryOperator,
  potential: Potential,
  source: Real,
  options: StationaryStateOptions<O>,
  caller = 'operatorState',
): StationaryState {
  const { nodes, channels } = op;
  assertStateShape(source, nodes, channels, `${caller}: source`);
  const alpha = options.alpha ?? 1 / op.lambdaBound;
  if (!(alpha > 0 && alpha < 2 / op.lambdaBound)) {
    throw new InvalidArgumentError(`${caller}: alpha = ${alpha} must lie in (0, 2/Λ) = (0, ${2 / op.lambdaBound})`);
  }
  const z0 = options.z0 ?? zerosLike(source);
  assertStateShape(z0, nodes, channels, `${caller}: z0`);
  const problem: ForwardBackwardProblem = {
    applyA: op.apply,
    source,
    alpha,
    prox: (z, a, out) => potential.prox(z, a, channels, out),
  };
  let result: SolveResult;
  try {
    result = options.solver(problem, z0, options.solverOptions);
  } catch (error) {
    if (!potential.convex && (error instanceof ConvergenceError || error instanceof StabilityError)) {
      throw new StabilityError(
        `${caller}: no stable stationary state for the non-convex potential '${potential.name}' ` +
          `(strength ${potential.strength}, κ = ${op.kappa}): ${error.message}`,
      );
    }
    throw error;
  }
  if (!potential.convex) checkOperatorStability(op, potential, result.state, options.stability);
  return {
    state: result.state,
    alpha,
    iterations: result.iterations,
    residuals: result.residuals,
    converged: result.converged,
    reason: result.reason,
  };
}

/**
 * `operatorState` for a graph-stationary layer, H = L_w + V (`layerOperator`).
 *
 * Shapes: source (n, 2c) → state (n, 2c).
 */
export function stationaryState<O>(
  layer: StationaryLayer,
  source: Real,
  options: StationaryStateOptions<O>,
): StationaryState {
  assertStateShape(source, layer.graph.nodes, layer.channels, 'stationaryState: source');
  return operatorState(layerOperator(layer, source), layer.potential, source, options, 'stationaryState');
}

/**
 * The prox-gradient residual ‖ψ − prox_{αΦ}(ψ − α(Hψ − s))‖/α: zero exactly at the
 * stationary state, equal to ‖∇E(ψ)‖ to first order for smooth Φ.
 */
export function stationaryResidual(layer: StationaryLayer, state: Real, source: Real, alpha: number): number {
  const op = layerOperator(layer, state);
  const z = zerosLike(state);
  op.apply(state, z);
  for (let i = 0; i < z.length; i++) z[i] = state[i] - alpha * (z[i] - source[i]);
  const next = zerosLike(state);
  layer.potential.prox(z, alpha, layer.channels, next);
  for (let i = 0; i < z.length; i++) next[i] -= state[i];
  return norm2(next) / alpha;
}
