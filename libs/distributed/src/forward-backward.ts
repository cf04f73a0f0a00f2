import { ConvergenceError, InvalidArgumentError, spmmInto, zerosLike, type Csr, type Real } from '@gsn/tensor';

/**
 * The proximal map of g, as plain data so that it can cross to worker threads (a closure
 * cannot). Applied entrywise with step α: identity (g = 0), projection onto z ≥ 0, or soft
 * thresholding by α·λ (g = λ‖z‖₁).
 */
export type ProxSpec =
  | { readonly kind: 'identity' }
  | { readonly kind: 'nonnegative' }
  | { readonly kind: 'softThreshold'; readonly lambda: number };

/**
 * min_z ½ zᵀAz − sᵀz + g(z) for a strongly monotone A (symmetric positive definite, e.g.
 * L + μI), solved by forward-backward splitting
 *
 *   z ← prox_{αg}(z − α(Az − s)),
 *
 * a contraction for 0 < α < 2/λ_max(A). Shapes: A (n x n), s and z (n x columns), row-major.
 */
export interface ForwardBackwardOptions {
  readonly alpha: number;
  readonly prox: ProxSpec;
  readonly maxIter: number;
  /** Stop when ‖z⁺ − z‖₂ ≤ tol · max(‖z⁺‖₂, 1); 0 runs exactly maxIter iterations. */
  readonly tol: number;
}

export const FORWARD_BACKWARD_DEFAULTS: Readonly<Omit<ForwardBackwardOptions, 'alpha'>> = Object.freeze({
  prox: Object.freeze({ kind: 'identity' }) as ProxSpec,
  maxIter: 500,
  tol: 1e-8,
});

export interface ForwardBackwardResult<T extends Real = Real> {
  readonly state: T;
  readonly iterations: number;
  /** Relative step of the last iteration. */
  readonly residual: number;
  readonly converged: boolean;
  /** Sharded solves only: per worker, the fraction of the solve spent waiting at barriers. */
  readonly barrierWaitFraction?: readonly number[];
}

export function validateForwardBackward(o: ForwardBackwardOptions): void {
  if (!(o.alpha > 0) || !Number.isFinite(o.alpha)) throw new InvalidArgumentError(`alpha: ${o.alpha} is not a positive step`);
  if (!Number.isInteger(o.maxIter) || o.maxIter < 1) throw new InvalidArgumentError(`maxIter: ${o.maxIter} is not a positive integer`);
  if (!(o.tol >= 0)) throw new InvalidArgumentError(`tol: ${o.tol} is negative`);
  const p = o.prox;
  if (p.kind === 'softThreshold' ? !(p.lambda >= 0) : p.kind !== 'identity' && p.kind !== 'nonnegative') {
    throw new InvalidArgumentError(`prox: ${JSON.stringify(p)} is not a known proximal map with valid parameters`);
  }
}

/**
 * One forward-backward step on the rows [rowStart, rowEnd) of a row-major state:
 * next = prox(cur − α(ax − s)), where `ax` holds (A cur) for those rows (local indexing).
 * Returns ‖next − cur‖² and ‖next‖² over the rows. Shared by the single-thread solve and each
 * worker of the sharded one, so both compute every entry with the same arithmetic.
 */
export function forwardBackwardRows(
  rowStart: number,
  rowEnd: number,
  columns: number,
  cur: Real,
  ax: Real,
  source: Real,
  alpha: number,
  prox: ProxSpec,
  next: Real,
): [number, number] {
  const threshold = prox.kind === 'softThreshold' ? alpha * prox.lambda : 0;
  let step = 0;
  let norm = 0;
  const base = rowStart * columns;
  for (let p = base, end = rowEnd * columns; p < end; p++) {
    next[p] = proxEntry(cur[p] - alpha * (ax[p - base] - source[p]), prox.kind, threshold);
    const d = next[p] - cur[p];
    step += d * d;
    norm += next[p] * next[p];
  }
  return [step, norm];
}

/** prox_{αg}(y) of one entry; `threshold` = α·λ for soft thresholding. */
export function proxEntry(y: number, kind: ProxSpec['kind'], threshold: number): number {
  if (kind === 'nonnegative') return y > 0 ? y : 0;
  if (kind === 'softThreshold') return y > threshold ? y - threshold : y < -threshold ? y + threshold : 0;
  return y;
}

/** Relative step and whether it meets the tolerance; throws ConvergenceError on NaN/Inf. */
export function forwardBackwardProgress(step: number, norm: number, tol: number, residuals: number[]): [number, boolean] {
  const residual = Math.sqrt(step) / Math.max(Math.sqrt(norm), 1);
  if (!Number.isFinite(residual)) {
    throw new ConvergenceError(`forward-backward: non-finite state after ${residuals.length + 1} iterations`, residuals);
  }
  residuals.push(residual);
  return [residual, residual <= tol];
}

/** The single-thread solve: the reference the sharded solve must reproduce. */
export function forwardBackwardSolve<T extends Real>(
  a: Csr<T>,
  source: T,
  columns: number,
  options: Partial<ForwardBackwardOptions> & Pick<ForwardBackwardOptions, 'alpha'>,
  z0?: T,
): ForwardBackwardResult<T> {
  const o: ForwardBackwardOptions = { ...FORWARD_BACKWARD_DEFAULTS, ...options };
  validateForwardBackward(o);
  let cur = (z0 ? z0.slice() : zerosLike(source)) as T;
  let next = zerosLike(source) as T;
  const ax = zerosLike(source);
  const residuals: number[] = [];
  let residual = Infinity;
  let converged = false;
  let k = 0;
  while (k < o.maxIter && !converged) {
    spmmInto(a, cur, columns, ax);
    const [step, norm] = forwardBackwardRows(0, a.nRows, columns, cur, ax, source, o.alpha, o.prox, next);
    [residual, converged] = forwardBackwardProgress(step, norm, o.tol, residuals);
    [cur, next] = [next, cur];
    k++;
  }
  return { state: cur, iterations: k, residual, converged };
}
