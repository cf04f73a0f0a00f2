import { spmmInto, type Real } from '@gsn/tensor';
import { andersonRows, type AndersonRowsOptions, type AndersonRowsResult } from './anderson-rows';
import { arriveAndWait, BarrierAbortedError } from './barrier';
import { injectServedSolveFault } from './fault-injection';
import { proxEntry, type ProxSpec } from './forward-backward';
import { proxMaskRows } from './forward-backward-vjp';
import type { AttachedShard } from './shard-worker';
import { sharedView, type SharedMatrix } from './shared';

/** A whole solve of a serving shard: step, proximal map and the Anderson options. */
export interface ServedSolveOptions extends AndersonRowsOptions {
  readonly alpha: number;
  readonly prox: ProxSpec;
}

/** Shared buffers of the served solves (plan row order), posted once with `serve`. */
export interface ServedSolveBuffers {
  /** Solve options written by the main thread before each command (`encodeSolveOptions`). */
  readonly parameters: Float64Array;
  /** [iterations, converged, nonFinite, final buffer] of the last solve, written by part 0. */
  readonly report: Float64Array;
  /** Residual per iteration of the last solve (its length caps maxIter). */
  readonly residuals: Float64Array;
  /** parts × ANDERSON_ROWS_SLOT doubles for the inner products. */
  readonly reductions: Float64Array;
  /** D ζ of the adjoint iteration, every row (the halo of its product). */
  readonly masked: SharedMatrix;
  /**
   * [1] when a worker's solve threw an error of its own (not a peer's absence at a barrier),
   * so that the main thread does not take an aborted solve for a lost worker and redo it.
   */
  readonly failed: Int32Array;
}

const PROX_KINDS = ['identity', 'nonnegative', 'softThreshold'] as const;

export function encodeSolveOptions(o: ServedSolveOptions, out: Float64Array): void {
  out.set([o.alpha, o.tol, o.maxIter, o.memory, o.regularization, o.damping, PROX_KINDS.indexOf(o.prox.kind), o.prox.kind === 'softThreshold' ? o.prox.lambda : 0]);
}

function decodeSolveOptions(p: Float64Array): ServedSolveOptions {
  const kind = PROX_KINDS[p[6]];
  const prox: ProxSpec = kind === 'softThreshold' ? { kind, lambda: p[7] } : { kind };
  return { alpha: p[0], tol: p[1], maxIter: p[2], memory: p[3], regularization: p[4], damping: p[5], prox };
}

/**
 * Worker side of a served forward solve: `andersonRows` on the map
 * T(z) = prox(z − α(Az − s)) (`forwardBackward` with Anderson acceleration of @gsn/solvers),
 * s in `source`, z₀ in `states[0]`; the result lands in `states[final]`.
 */
export function servedForward(s: AttachedShard, io: ServedSolveBuffers, columns: number): void {
  flaggingOwnErrors(io, () => forward(s, io, columns));
}

function forward(s: AttachedShard, io: ServedSolveBuffers, columns: number): void {
  injectServedSolveFault();
  const o = decodeSolveOptions(io.parameters);
  const { rowStart, rowEnd } = s.setup;
  const start = rowStart * columns;
  const ax = new (s.source.constructor as Float64ArrayConstructor)((rowEnd - rowStart) * columns);
  const threshold = o.prox.kind === 'softThreshold' ? o.alpha * o.prox.lambda : 0;
  const result = andersonRows(blockOf(s, io, columns), s.states, (z, out) => {
    product(s, columns, z, ax);
    for (let i = 0; i < ax.length; i++) out[i] = proxEntry(z[start + i] - o.alpha * (ax[i] - s.source[start + i]), o.prox.kind, threshold);
  }, o);
  report(s, io, result);
}

/**
 * Worker side of a served adjoint solve in prox form (as `operatorVjp` of @gsn/stationary):
 * ζ = ḡ + (I − αA)Dζ with D = ∂prox(z*), z* = ψ − α(Aψ − s) (ψ in `primal`, ḡ in `cotangent`),
 * from ζ = 0 by `andersonRows`; then λ = αDζ replaces ζ in `states[final]`. Each map writes
 * this worker's rows of Dζ to `masked` and meets the others before its product reads the halo.
 */
export function servedAdjoint(s: AttachedShard, io: ServedSolveBuffers, columns: number): void {
  flaggingOwnErrors(io, () => adjoint(s, io, columns));
}

function adjoint(s: AttachedShard, io: ServedSolveBuffers, columns: number): void {
  injectServedSolveFault();
  const o = decodeSolveOptions(io.parameters);
  const { rowStart, rowEnd, barrier, barrierTimeoutMs } = s.setup;
  const start = rowStart * columns;
  const size = (rowEnd - rowStart) * columns;
  const primal = sharedView(s.setup.primal);
  const cotangent = sharedView(s.setup.cotangent);
  const masked = sharedView(io.masked);
  const scratch = new (s.source.constructor as Float64ArrayConstructor)(size);
  product(s, columns, primal, scratch);
  const mask = new Uint8Array(size);
  proxMaskRows(rowStart, rowEnd, columns, primal, scratch, s.source, o.alpha, o.prox, mask);
  s.states[0].fill(0, start, start + size);
  const result = andersonRows(blockOf(s, io, columns), s.states, (zeta, out) => {
    for (let i = 0; i < size; i++) masked[start + i] = mask[i] * zeta[start + i];
    arriveAndWait(barrier, barrierTimeoutMs);
    product(s, columns, masked, scratch);
    for (let i = 0; i < size; i++) out[i] = cotangent[start + i] + masked[start + i] - o.alpha * scratch[i];
  }, o);
  const lambda = s.states[result.final];
  for (let i = 0; i < size; i++) lambda[start + i] = o.alpha * mask[i] * lambda[start + i];
  report(s, io, result);
}

function flaggingOwnErrors(io: ServedSolveBuffers, solve: () => void): void {
  try {
    solve();
  } catch (err) {
    if (!(err instanceof BarrierAbortedError)) Atomics.store(io.failed, 0, 1);
    throw err;
  }
}

function blockOf(s: AttachedShard, io: ServedSolveBuffers, columns: number) {
  const { part, parts, rowStart, rowEnd, barrier, barrierTimeoutMs } = s.setup;
  return { part, parts, start: rowStart * columns, end: rowEnd * columns, barrier, barrierTimeoutMs, reductions: io.reductions };
}

function product(s: AttachedShard, columns: number, x: Real, out: Real): void {
  spmmInto(s.block, x.subarray(0, s.setup.matrix.nCols * columns), columns, out);
}

function report(s: AttachedShard, io: ServedSolveBuffers, r: AndersonRowsResult): void {
  if (s.setup.part !== 0) return;
  io.report.set([r.iterations, r.converged ? 1 : 0, r.nonFinite ? 1 : 0, r.final]);
  io.residuals.set(r.residuals);
}
