import { andersonCoefficients } from '@gsn/solvers';
import type { Real } from '@gsn/tensor';
import { arriveAndWait, type BarrierHandle } from './barrier';

/**
 * The options of `andersonIteration` (@gsn/solvers) as plain numbers, resolved by the caller:
 * stop at ‖T(z) − z‖/(1 + ‖z‖) ≤ tol or after maxIter maps; mixing memory m, Tikhonov
 * regularization (times the Gram trace) and damping β.
 */
export interface AndersonRowsOptions {
  readonly tol: number;
  readonly maxIter: number;
  readonly memory: number;
  readonly regularization: number;
  readonly damping: number;
}

/** The largest memory `andersonRows` takes (its reduction slots are sized by it). */
export const ANDERSON_ROWS_MAX_MEMORY = 32;

/** Shared-memory doubles one part needs in the reduction buffer: ‖g‖², ‖z‖², a Gram row and a right-hand side. */
export const ANDERSON_ROWS_SLOT = 2 + 2 * ANDERSON_ROWS_MAX_MEMORY;

/** Where one worker's rows sit and how it meets the others. */
export interface RowBlock {
  readonly part: number;
  readonly parts: number;
  /** Entries [start, end) of the row-major state are this worker's (rows × columns). */
  readonly start: number;
  readonly end: number;
  readonly barrier: BarrierHandle;
  readonly barrierTimeoutMs: number;
  /** parts × ANDERSON_ROWS_SLOT doubles, shared. */
  readonly reductions: Float64Array;
}

export interface AndersonRowsResult {
  readonly iterations: number;
  readonly residuals: number[];
  readonly converged: boolean;
  /** A residual was NaN/Inf (every worker sees the same sums, so all stop together). */
  readonly nonFinite: boolean;
  /** Which of the two state buffers holds T(z) of the last iteration on every row. */
  readonly final: 0 | 1;
}

/**
 * `andersonIteration` of @gsn/solvers split by rows over the workers of a shard: the same
 * recurrences (ring of ΔG, ΔF, Gram matrix, regularised LU solve, damped mixing, reset on a
 * singular system) on this worker's rows only, every inner product summed as per-part partials
 * in part order so that all workers take the same decisions. `states[0]` holds z₀ on entry; the
 * iterate z lives in the two shared buffers (double buffering: the map reads other workers' rows
 * of z as its halo). `mapRows(z, out)` writes T(z) for this worker's rows into the local `out`.
 * Two barriers per iteration: after the partials, and after the mixed z is written. On return
 * T(z) of the last iteration is in `states[final]` on every row.
 *
 * Memory traffic decides the speed (the state does not fit in cache): the history is stored
 * interleaved (entry i of slot j at i·m + j), and the differences, the new Gram row and the
 * mixing are one pass each over the rows. Unlike the single-thread solver, a non-finite mixed
 * iterate is not replaced by a plain step: the next residual is then non-finite and reported.
 */
export function andersonRows(
  block: RowBlock,
  states: readonly [Real, Real],
  mapRows: (z: Real, out: Real) => void,
  o: AndersonRowsOptions,
): AndersonRowsResult {
  const { part, parts, start, end, barrier, barrierTimeoutMs, reductions } = block;
  const m = o.memory;
  const beta = o.damping;
  const size = end - start;
  const local = (length: number) => new (states[0].constructor as Float64ArrayConstructor)(length);
  let fz = local(size);
  let fzPrev = local(size);
  const g = local(size);
  const gPrev = local(size);
  const dG = local(size * m);
  const dF = local(size * m);
  const gram = new Float64Array(m * m);
  const system = new Float64Array(m * m);
  const gamma = new Float64Array(m);
  const rowXy = new Float64Array(m);
  const rowXg = new Float64Array(m);
  const pivots = new Int32Array(m);
  const slot = part * ANDERSON_ROWS_SLOT;
  const residuals: number[] = [];
  let count = 0;
  let head = 0;
  let cur = 0;
  for (let k = 1; ; k++) {
    const z = states[cur];
    mapRows(z, fz);
    let gg = 0;
    let zz = 0;
    const s = head;
    if (k === 1) {
      for (let i = 0; i < size; i++) {
        const zi = z[start + i];
        const gi = fz[i] - zi;
        g[i] = gi;
        gPrev[i] = gi;
        gg += gi * gi;
        zz += zi * zi;
      }
    } else {
      count = Math.min(count + 1, m);
      head = (head + 1) % m;
      rowXy.fill(0);
      rowXg.fill(0);
      for (let i = 0; i < size; i++) {
        const zi = z[start + i];
        const fi = fz[i];
        const gi = fi - zi;
        g[i] = gi;
        gg += gi * gi;
        zz += zi * zi;
        const base = i * m;
        dG[base + s] = gi - gPrev[i];
        dF[base + s] = fi - fzPrev[i];
        gPrev[i] = gi;
        // Read back (stored precision), as the single-thread solver reads its ΔG arrays.
        const dgs = dG[base + s];
        const gs = g[i];
        for (let j = 0; j < count; j++) {
          const x = dG[base + j];
          rowXy[j] += x * dgs;
          rowXg[j] += x * gs;
        }
      }
      for (let j = 0; j < count; j++) {
        reductions[slot + 2 + j] = rowXy[j];
        reductions[slot + 2 + m + j] = rowXg[j];
      }
    }
    reductions[slot] = gg;
    reductions[slot + 1] = zz;
    arriveAndWait(barrier, barrierTimeoutMs);
    const sum = (offset: number) => {
      let total = 0;
      for (let p = 0; p < parts; p++) total += reductions[p * ANDERSON_ROWS_SLOT + offset];
      return total;
    };
    const residual = Math.sqrt(sum(0)) / (1 + Math.sqrt(sum(1)));
    residuals.push(residual);
    if (k > 1) {
      for (let j = 0; j < count; j++) {
        gram[s * m + j] = gram[j * m + s] = sum(2 + j);
        gamma[j] = sum(2 + m + j);
      }
    }
    const nonFinite = !Number.isFinite(residual);
    if (nonFinite || residual <= o.tol || k === o.maxIter) {
      // Every worker has read z (its map ran before the barrier): the other buffer is free for T(z).
      const final = (1 - cur) as 0 | 1;
      states[final].set(fz, start);
      return { iterations: k, residuals, converged: !nonFinite && residual <= o.tol, nonFinite, final };
    }
    [fz, fzPrev] = [fzPrev, fz];
    const next = states[1 - cur];
    let mixing = 0;
    if (count > 0 && andersonCoefficients(gram, m, count, o.regularization, system, pivots, gamma)) mixing = count;
    // next = z + βg − Σ_j γ_j (ΔF_j − (1 − β)ΔG_j), one pass.
    const c = 1 - beta;
    for (let i = 0; i < size; i++) {
      let v = z[start + i] + beta * g[i];
      const base = i * m;
      for (let j = 0; j < mixing; j++) v -= gamma[j] * (dF[base + j] - c * dG[base + j]);
      next[start + i] = v;
    }
    if (mixing === 0) {
      count = 0;
      head = 0;
    }
    cur = 1 - cur;
    arriveAndWait(barrier, barrierTimeoutMs);
  }
}
