/**
 * What every solver shares: the stopping options, the result record, option validation,
 * and the residual history that turns a finished loop into a `SolveResult` or a
 * `ConvergenceError`. The loops are written per solver; the reporting is written once here.
 */
import { ConvergenceError, InvalidArgumentError, type Real } from '@gsn/tensor';

/** When a solver stops, and what it does when it fails. */
export interface StopOptions {
  /** Stop once the solver's residual is ≤ tol (relative; see each solver). */
  tol: number;
  /** At most this many iterations (map applications, or matvecs for Krylov solvers). */
  maxIter: number;
  /** Throw `ConvergenceError` on failure instead of returning `converged: false`. */
  throwOnFail: boolean;
}

/** tol 1e-6 is reachable in float32; exactness tests pass their own (1e-10 and below). */
export const STOP_DEFAULTS: Readonly<StopOptions> = Object.freeze({
  tol: 1e-6,
  maxIter: 1000,
  throwOnFail: true,
});

export interface SolveResult<T extends Real = Real> {
  /** The solution (same precision as the initial state). */
  state: T;
  /** Iterations done; `residuals.length === iterations`. */
  iterations: number;
  /** One residual per iteration, residuals[k − 1] after iteration k. */
  residuals: number[];
  converged: boolean;
  /** Why the solver stopped, in words. */
  reason: string;
}

/**
 * Defaults overlaid with `given`; a key not in `defaults` (a typo) is an error naming it.
 * Each solver then validates its fields with the checks below.
 */
export function resolveOptions<T extends object>(
  solver: string,
  defaults: Readonly<T>,
  given: Partial<T> | undefined,
): T {
  if (given !== undefined) {
    for (const key of Object.keys(given)) {
      if (!(key in defaults)) throw new InvalidArgumentError(`${solver}: unknown option '${key}'`);
    }
  }
  return { ...defaults, ...given };
}

export function checkStopOptions(solver: string, opts: StopOptions): void {
  checkPositive(solver, 'tol', opts.tol);
  checkPositiveInteger(solver, 'maxIter', opts.maxIter);
  if (typeof opts.throwOnFail !== 'boolean') {
    throw new InvalidArgumentError(`${solver}: option 'throwOnFail' must be a boolean, got ${String(opts.throwOnFail)}`);
  }
}

export function checkPositive(solver: string, field: string, value: number): void {
  if (!(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
    throw new InvalidArgumentError(`${solver}: option '${field}' must be a finite number > 0, got ${String(value)}`);
  }
}

export function checkNonNegative(solver: string, field: string, value: number): void {
  if (!(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
    throw new InvalidArgumentError(`${solver}: option '${field}' must be a finite number ≥ 0, got ${String(value)}`);
  }
}

export function checkPositiveInteger(solver: string, field: string, value: number): void {
  if (!(Number.isInteger(value) && value >= 1)) {
    throw new InvalidArgumentError(`${solver}: option '${field}' must be an integer ≥ 1, got ${String(value)}`);
  }
}

/**
 * The residual history of one solve. `record` appends one residual per iteration and
 * throws on a non-finite one; `converged` / `failed` build the result (or throw).
 */
export class ResidualHistory {
  readonly residuals: number[] = [];

  constructor(
    readonly solver: string,
    readonly opts: StopOptions,
  ) {}

  get iterations(): number {
    return this.residuals.length;
  }

  /** Appends `residual`; true when it is within tolerance. */
  record(residual: number): boolean {
    this.residuals.push(residual);
    if (!Number.isFinite(residual)) this.nonFinite(this.residuals.length);
    return residual <= this.opts.tol;
  }

  /** Replaces the last residual (by the true residual, when a recurrence drifted). */
  correctLast(residual: number): boolean {
    this.residuals[this.residuals.length - 1] = residual;
    if (!Number.isFinite(residual)) this.nonFinite(this.residuals.length);
    return residual <= this.opts.tol;
  }

  /** A NaN/Inf is never returned: always a `ConvergenceError`. */
  nonFinite(iteration: number): never {
    throw new ConvergenceError(
      `${this.solver}: non-finite value at iteration ${iteration} (tol ${this.opts.tol})`,
      [...this.residuals],
    );
  }

  /** Throws if `x` holds a NaN/Inf (a bad input, or an iterate the residual did not see). */
  checkFinite(x: Real, iteration: number): void {
    for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) this.nonFinite(iteration);
  }

  converged<T extends Real>(state: T): SolveResult<T> {
    const k = this.iterations;
    const last = k > 0 ? this.residuals[k - 1] : 0;
    return {
      state,
      iterations: k,
      residuals: this.residuals,
      converged: true,
      reason: `converged: residual ${last} ≤ tol ${this.opts.tol} after ${k} iterations`,
    };
  }

  failed<T extends Real>(state: T, reason: string): SolveResult<T> {
    const k = this.iterations;
    if (this.opts.throwOnFail) {
      const last = k > 0 ? this.residuals[k - 1] : NaN;
      throw new ConvergenceError(
        `${this.solver}: ${reason} (tol ${this.opts.tol}, ${k} iterations, final residual ${last})`,
        [...this.residuals],
      );
    }
    return { state, iterations: k, residuals: this.residuals, converged: false, reason };
  }

  maxIterationsReached<T extends Real>(state: T): SolveResult<T> {
    const k = this.iterations;
    return this.failed(state, `max iterations reached: residual ${this.residuals[k - 1]} after ${k} iterations`);
  }
}
