import { spmmInto, type Real } from '@gsn/tensor';
import { andersonRows, type AndersonRowsOptions, type AndersonRowsResult } from './anderson-rows';
import { arriveAndWait } from './barrier';
import { injectServedSolveFault } from './fault-injection';
import { proxEntry, type ProxSpec } from './forward-backward';
import { proxMaskRows } from './forward-backward-vjp';
import type { AttachedShard, ServedBuffers } from './shard-worker';
import { sharedView, type SharedMatrix } from './shared';

/** A whole solve of a serving shard: step, proximal map and the Anderson options. */
export interface ServedSolveOptions extends AndersonRowsOptions {
  readonly alpha: number;
  readonly prox: ProxSpec;
}

/** Shared buffers of the served solves (plan row order), posted once with `serve`. */
export interface ServedSolveBuffers {
  /** Solve options written by the main thread before each command (`encodeSolveOptions`), then whether z₀ was given. */
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

/** Doubles `encodeSolveOptions` writes (the parameters buffer's length). */
export const SOLVE_PARAMETERS = 9;

export function encodeSolveOptions(o: ServedSolveOptions, hasInitialState: boolean, out: Float64Array): void {
  const lambda = o.prox.kind === 'softThreshold' ? o.prox.lambda : 0;
  out.set([o.alpha, o.tol, o.maxIter, o.memory, o.regularization, o.damping, PROX_KINDS.indexOf(o.prox.kind), lambda, hasInitialState ? 1 : 0]);
}

function decodeSolveOptions(p: Float64Array): ServedSolveOptions {
  const kind = PROX_KINDS[p[6]];
  const prox: ProxSpec = kind === 'softThreshold' ? { kind, lambda: p[7] } : { kind };
  return { alpha: p[0], tol: p[1], maxIter: p[2], memory: p[3], regularization: p[4], damping: p[5], prox };
}

/**
 * Worker side of a served forward solve: `andersonRows` on the map
 * T(z) = prox(z − α(Az − s)) (`forwardBackward` with Anderson acceleration of @gsn/solvers).
 * s and z₀ (when given, else 0) come in the caller's row order (`inputs[0]`, `inputs[1]`): each
 * worker gathers its rows into `source` and `states[0]` (plan order); the result lands in
 * `states[final]` and, scattered back to the caller's order, in `output`.
 */
export function servedForward(s: AttachedShard, io: ServedBuffers, columns: number): void {
  injectServedSolveFault();
  const o = decodeSolveOptions(io.solves.parameters);
  const { rowStart, rowEnd } = s.setup;
  const hasInitialState = io.solves.parameters[8] === 1;
  if (!hasInitialState) s.states[0].fill(0, rowStart * columns, rowEnd * columns);
  gatherRows(s, io, columns, hasInitialState ? [s.source, s.states[0]] : [s.source]);
  const start = rowStart * columns;
  const ax = new (s.source.constructor as Float64ArrayConstructor)((rowEnd - rowStart) * columns);
  const threshold = o.prox.kind === 'softThreshold' ? o.alpha * o.prox.lambda : 0;
  const result = andersonRows(blockOf(s, io, columns), s.states, (z, out) => {
    product(s, columns, z, ax);
    for (let i = 0; i < ax.length; i++) out[i] = proxEntry(z[start + i] - o.alpha * (ax[i] - s.source[start + i]), o.prox.kind, threshold);
  }, o);
  finish(s, io, columns, result);
}

/**
 * Worker side of a served adjoint solve in prox form (as `operatorVjp` of @gsn/stationary):
 * ζ = ḡ + (I − αA)Dζ with D = ∂prox(z*), z* = ψ − α(Aψ − s), from ζ = 0 by `andersonRows`;
 * then λ = αDζ replaces ζ in `states[final]` (and goes to `output` in the caller's order).
 * s, ψ and ḡ come in the caller's order (`inputs[0..2]`), gathered into `source`, `primal` and
 * `cotangent`. Each map writes this worker's rows of Dζ to `masked` and meets the others before
 * its product reads the halo.
 */
export function servedAdjoint(s: AttachedShard, io: ServedBuffers, columns: number): void {
  injectServedSolveFault();
  const o = decodeSolveOptions(io.solves.parameters);
  const { rowStart, rowEnd, barrier, barrierTimeoutMs } = s.setup;
  const start = rowStart * columns;
  const size = (rowEnd - rowStart) * columns;
  const primal = sharedView(s.setup.primal);
  const cotangent = sharedView(s.setup.cotangent);
  const masked = sharedView(io.solves.masked);
  gatherRows(s, io, columns, [s.source, primal, cotangent]);
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
  finish(s, io, columns, result);
}

/**
 * Copies this worker's rows of the caller-order input `inputs[k]` into the plan-order buffer
 * `targets[k]`, then meets the others: the solve's first product reads their rows as its halo.
 */
function gatherRows(s: AttachedShard, io: ServedBuffers, columns: number, targets: readonly Real[]): void {
  const { rowStart, rowEnd, barrier, barrierTimeoutMs } = s.setup;
  for (const [k, target] of targets.entries()) {
    const from = sharedView(io.inputs[k]);
    for (let r = rowStart; r < rowEnd; r++) {
      const src = io.perm[r] * columns;
      const dst = r * columns;
      for (let c = 0; c < columns; c++) target[dst + c] = from[src + c];
    }
  }
  arriveAndWait(barrier, barrierTimeoutMs);
}

function blockOf(s: AttachedShard, io: ServedBuffers, columns: number) {
  const { part, parts, rowStart, rowEnd, barrier, barrierTimeoutMs } = s.setup;
  return { part, parts, start: rowStart * columns, end: rowEnd * columns, barrier, barrierTimeoutMs, reductions: io.solves.reductions };
}

function product(s: AttachedShard, columns: number, x: Real, out: Real): void {
  spmmInto(s.block, x.subarray(0, s.setup.matrix.nCols * columns), columns, out);
}

/** Scatters this worker's rows of the result to `output` (caller's order); part 0 writes the report. */
function finish(s: AttachedShard, io: ServedBuffers, columns: number, r: AndersonRowsResult): void {
  const { rowStart, rowEnd } = s.setup;
  const result = s.states[r.final];
  const output = sharedView(io.output);
  for (let row = rowStart; row < rowEnd; row++) {
    const src = row * columns;
    const dst = io.perm[row] * columns;
    for (let c = 0; c < columns; c++) output[dst + c] = result[src + c];
  }
  if (s.setup.part !== 0) return;
  io.solves.report.set([r.iterations, r.converged ? 1 : 0, r.nonFinite ? 1 : 0, r.final]);
  io.solves.residuals.set(r.residuals);
}
