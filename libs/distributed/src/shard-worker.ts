import { ConvergenceError, GsnError, sddmmInto, spmmInto, type Csr, type Real } from '@gsn/tensor';
import { abortBarrier, arriveAndWait, BarrierAbortedError, type BarrierHandle } from './barrier';
import {
  forwardBackwardProgress,
  forwardBackwardRows,
  forwardBackwardSolve,
  type ForwardBackwardOptions,
  type ForwardBackwardResult,
} from './forward-backward';
import { adjointRows, proxMaskRows } from './forward-backward-vjp';
import { LAPLACIAN_SLOT, laplacianGradientRows, laplacianValuesRows, type LaplacianBuffers } from './laplacian-rows';
import { servedAdjoint, servedForward, type ServedSolveBuffers } from './served-solves';
import { workerFileBeside } from './worker-file';
import { sharedView, type SharedMatrix } from './shared';

/** Worker file serving `createShardWorkerApi()`, for pools of sharded operators. */
export const SHARD_WORKER_FILE = workerFileBeside(__filename, 'shard-worker-entry');

/** Slots of the command word of a serving (synchronous matvec) loop. */
export const COMMAND_SEQ = 0;
export const COMMAND_OP = 1;
export const COMMAND_COLS = 2;
export const OP_MATVEC = 1;
export const OP_STOP = 2;
/** A whole forward solve (`servedForward`) and a whole adjoint solve (`servedAdjoint`). */
export const OP_FORWARD = 3;
export const OP_ADJOINT = 4;
/** H = L_w + V's values from the weights (`laplacianValuesRows`), and its gradients after an adjoint (`laplacianGradientRows`). */
export const OP_LOAD_LAPLACIAN = 5;
export const OP_LAPLACIAN_GRADIENTS = 6;

/** What one worker needs to own its row block; every array lives in shared memory. */
export interface ShardSetup {
  readonly handle: number;
  readonly part: number;
  readonly parts: number;
  readonly rowStart: number;
  readonly rowEnd: number;
  /** The whole renumbered matrix (shared); the worker reads only its rows. */
  readonly matrix: Csr;
  /** Two n x columns state buffers (double buffering: iteration k reads one, writes the other). */
  readonly states: readonly [SharedMatrix, SharedMatrix];
  readonly source: SharedMatrix;
  /** The forward solution z* and the cotangent ∂L/∂z* of an implicit gradient (n x columns). */
  readonly primal: SharedMatrix;
  readonly cotangent: SharedMatrix;
  /** ∂L/∂A values in plan entry order (shared, nnz). */
  readonly valuesGrad: Real;
  /** Per-part partial sums (step², norm²) for two iteration parities: 4 · parts entries. */
  readonly partials: Float64Array;
  readonly barrier: BarrierHandle;
  /** Barrier of the workers plus the main thread, for the synchronous matvec. */
  readonly serveBarrier: BarrierHandle;
  readonly command: Int32Array;
  readonly barrierTimeoutMs: number;
}

/**
 * The buffers of a served command, in the caller's (original) row order, so that the main
 * thread only copies its inputs in and the result out while each worker gathers its rows'
 * inputs (a product through the original column indices, a solve through `perm`) and scatters
 * its output rows through `perm` (in parallel).
 */
export interface ServedBuffers {
  /** A product's x; a solve's source, then z₀ (forward) or ψ and ḡ (adjoint). */
  readonly inputs: readonly [SharedMatrix, SharedMatrix, SharedMatrix];
  readonly output: SharedMatrix;
  readonly perm: Int32Array;
  readonly originalColIdx: Int32Array;
  readonly solves: ServedSolveBuffers;
  /** When the matrix is H = L_w + V of a graph (`ServedMatVec.loadLaplacian`). */
  readonly laplacian?: LaplacianBuffers;
}

export interface ShardSolveReport {
  readonly iterations: number;
  readonly residual: number;
  readonly converged: boolean;
  /** Which state buffer holds the result. */
  readonly final: 0 | 1;
  /** The iteration produced NaN or Inf (every worker sees the same sums, so all agree). */
  readonly nonFinite: boolean;
  /** Milliseconds this worker spent waiting at barriers (load imbalance and sync cost). */
  readonly waitMs: number;
  /** Milliseconds of the whole call in this worker. */
  readonly totalMs: number;
}

export interface ShardWorkerApi {
  attach(setup: ShardSetup): void;
  detach(handle: number): void;
  /** Forward-backward iterations on this worker's rows, one barrier per iteration. */
  forwardBackward(handle: number, options: ForwardBackwardOptions, columns: number): ShardSolveReport;
  /**
   * The implicit gradient's adjoint iteration on this worker's rows (see `forwardBackwardVjp`),
   * reading z* from `primal`, s from `source`, ḡ from `cotangent`; leaves ∂L/∂s in the final
   * state buffer and ∂L/∂A in `valuesGrad` (this worker's entries).
   */
  forwardBackwardVjp(handle: number, options: ForwardBackwardOptions, columns: number): ShardSolveReport;
  /** states[1] rows = A states[0] for this worker's rows. */
  spmm(handle: number, columns: number): void;
  /** Answers matvec commands posted in shared memory until told to stop; returns how many. */
  serve(handle: number, startSeq: number, io: ServedBuffers): number;
  /** A whole single-thread solve in this worker (the unit of work of the `runs` strategy). */
  solveLocal(matrix: Csr, source: Real, columns: number, options: ForwardBackwardOptions): ForwardBackwardResult;
  /**
   * out[j] = Σ_p contributions[p, j] for this worker's slice of j (a reduce-scatter into shared
   * memory: with every worker called, `out` holds the full sum).
   */
  allreduceSlice(contributions: SharedMatrix, out: SharedMatrix, part: number, parts: number): void;
}

/** A shard as a worker holds it: its setup, its row block of the matrix and views of the buffers. */
export interface AttachedShard {
  readonly setup: ShardSetup;
  /** Rows [rowStart, rowEnd) of the renumbered matrix (global column indices). */
  readonly block: Csr;
  readonly states: readonly [Real, Real];
  readonly source: Real;
}

/** Shards attached in this worker thread, by handle. */
const shards = new Map<number, AttachedShard>();

/**
 * Worker side: the shard attached under `handle`, so that a coordinator's own worker methods
 * (e.g. a layer's adjoint iteration) can run on the same rows, buffers and barrier.
 */
export function attachedShard(handle: number): AttachedShard {
  const s = shards.get(handle);
  if (!s) throw new GsnError(`shard worker: no shard attached under handle ${handle}`);
  return s;
}

/** The worker-side API of sharded operators (a coordinator's worker file may spread it into its own). */
export function createShardWorkerApi(): ShardWorkerApi {
  const get = attachedShard;
  const blockProduct = (s: AttachedShard, columns: number, x: Real, out: Real): void => {
    const n = s.setup.matrix.nCols;
    spmmInto(s.block, x.subarray(0, n * columns), columns, out);
  };

  return {
    attach(setup) {
      const m = setup.matrix;
      const block: Csr = {
        nRows: setup.rowEnd - setup.rowStart,
        nCols: m.nCols,
        rowPtr: m.rowPtr.subarray(setup.rowStart, setup.rowEnd + 1),
        colIdx: m.colIdx,
        values: m.values,
      };
      shards.set(setup.handle, {
        setup,
        block,
        states: [sharedView(setup.states[0]), sharedView(setup.states[1])],
        source: sharedView(setup.source),
      });
    },
    detach(handle) {
      shards.delete(handle);
    },
    forwardBackward(handle, o, columns) {
      const s = get(handle);
      const { rowStart, rowEnd } = s.setup;
      return iterateWithBarrier(s, o, columns, (cur, next, ax) => {
        blockProduct(s, columns, cur, ax);
        return forwardBackwardRows(rowStart, rowEnd, columns, cur, ax, s.source, o.alpha, o.prox, next);
      });
    },
    forwardBackwardVjp(handle, o, columns) {
      const s = get(handle);
      const { rowStart, rowEnd, matrix } = s.setup;
      const primal = sharedView(s.setup.primal);
      const cotangent = sharedView(s.setup.cotangent);
      const local = (rowEnd - rowStart) * columns;
      const az = new (s.source.constructor as Float64ArrayConstructor)(local);
      blockProduct(s, columns, primal, az);
      const mask = new Uint8Array(local);
      proxMaskRows(rowStart, rowEnd, columns, primal, az, s.source, o.alpha, o.prox, mask);
      const report = iterateWithBarrier(s, o, columns, (cur, next, au) => {
        blockProduct(s, columns, cur, au);
        return adjointRows(rowStart, rowEnd, columns, cur, au, cotangent, o.alpha, mask, next);
      });
      if (report.nonFinite) return report;
      // ∂L/∂s = α u on own rows (in place), then ∂L/∂A_ij = −Σ_c (α u)_ic z*_jc on own entries.
      const u = s.states[report.final];
      const v = u.subarray(rowStart * columns, rowEnd * columns);
      for (let p = 0; p < v.length; p++) v[p] *= o.alpha;
      const grad = s.setup.valuesGrad;
      sddmmInto(s.block, v, primal.subarray(0, matrix.nCols * columns), columns, grad.subarray(0, matrix.rowPtr[rowEnd]));
      for (let e = matrix.rowPtr[rowStart]; e < matrix.rowPtr[rowEnd]; e++) grad[e] = -grad[e];
      return report;
    },
    spmm(handle, columns) {
      const s = get(handle);
      const { rowStart, rowEnd } = s.setup;
      blockProduct(s, columns, s.states[0], s.states[1].subarray(rowStart * columns, rowEnd * columns));
    },
    serve(handle, startSeq, io) {
      const s = get(handle);
      const { command, serveBarrier, barrierTimeoutMs, rowStart, rowEnd } = s.setup;
      const block: Csr = { ...s.block, colIdx: io.originalColIdx };
      const input = sharedView(io.inputs[0]);
      const output = sharedView(io.output);
      const scratch = new (input.constructor as Float64ArrayConstructor)((rowEnd - rowStart) * io.inputs[0].cols);
      let seen = startSeq;
      let served = 0;
      for (;;) {
        while (Atomics.load(command, COMMAND_SEQ) === seen) Atomics.wait(command, COMMAND_SEQ, seen, 1000);
        seen = Atomics.load(command, COMMAND_SEQ);
        if (Atomics.load(command, COMMAND_OP) === OP_STOP) return served;
        const columns = Atomics.load(command, COMMAND_COLS);
        const op = Atomics.load(command, COMMAND_OP);
        if (op !== OP_MATVEC) {
          try {
            if (op === OP_FORWARD || op === OP_ADJOINT) (op === OP_FORWARD ? servedForward : servedAdjoint)(s, io, columns);
            else laplacianCommand(s, io, op, columns);
          } catch (err) {
            // an error of its own (not a peer's absence at a barrier): the main thread must not take it for a lost worker and redo the command
            if (!(err instanceof BarrierAbortedError)) Atomics.store(io.solves.failed, 0, 1);
            abortBarrier(s.setup.barrier);
            abortBarrier(serveBarrier);
            throw err;
          }
        } else {
          spmmInto(block, input.subarray(0, block.nCols * columns), columns, scratch);
          for (let r = rowStart; r < rowEnd; r++) {
            const from = (r - rowStart) * columns;
            output.set(scratch.subarray(from, from + columns), io.perm[r] * columns);
          }
        }
        served++;
        try {
          arriveAndWait(serveBarrier, barrierTimeoutMs);
        } catch (err) {
          // a peer is missing: wake the main thread, which waits on this barrier and cannot hear of the loss
          abortBarrier(serveBarrier);
          throw err;
        }
      }
    },
    solveLocal(matrix, source, columns, options) {
      return forwardBackwardSolve(matrix, source, columns, options);
    },
    allreduceSlice(contributions, out, part, parts) {
      const c = sharedView(contributions);
      const o = sharedView(out);
      const length = contributions.cols;
      const start = Math.floor((part * length) / parts);
      const end = Math.floor(((part + 1) * length) / parts);
      o.set(c.subarray(start, end), start);
      for (let p = 1; p < contributions.rows; p++) {
        const row = p * length;
        for (let j = start; j < end; j++) o[j] += c[row + j];
      }
    },
  };
}

/**
 * A load of H's values or its gradients on this worker's rows; its partials go to its slot of
 * `laplacian.partials` (a load: `LaplacianLoad`'s four numbers; gradients: Σ dℓ/dV_i). The
 * gradients read ψ from `primal` and λ from the state the last adjoint solve ended in.
 */
function laplacianCommand(s: AttachedShard, io: ServedBuffers, op: number, columns: number): void {
  const b = io.laplacian;
  if (!b) throw new GsnError('shard worker: a Laplacian command on a shard served without a graph');
  const { part, rowStart, rowEnd, matrix } = s.setup;
  const slot = part * LAPLACIAN_SLOT;
  if (op === OP_LOAD_LAPLACIAN) {
    const r = laplacianValuesRows(rowStart, rowEnd, io.perm, matrix.rowPtr, b, matrix.values);
    b.partials.set([r.lambdaBound, r.minOnsite, r.invalidWeight, r.invalidOnsite], slot);
    return;
  }
  const lambda = s.states[io.solves.report[3]];
  b.partials[slot + 4] = laplacianGradientRows(rowStart, rowEnd, io.perm, columns, sharedView(s.setup.primal), lambda, b);
}

/**
 * The iteration loop shared by the sharded solves: `rowsStep(cur, next, scratch)` updates this
 * worker's rows and returns its (‖Δ‖², ‖next‖²); the partials go to a parity slot, the barrier
 * ends the iteration, and every worker sums the partials in part order, so all take the same
 * stopping decision.
 */
function iterateWithBarrier(
  s: AttachedShard,
  o: ForwardBackwardOptions,
  columns: number,
  rowsStep: (cur: Real, next: Real, scratch: Real) => [number, number],
): ShardSolveReport {
  const { part, parts, rowStart, rowEnd, partials, barrier, barrierTimeoutMs } = s.setup;
  const scratch = new (s.source.constructor as Float64ArrayConstructor)((rowEnd - rowStart) * columns);
  const residuals: number[] = [];
  let residual = Infinity;
  let converged = false;
  let k = 0;
  let waitMs = 0;
  const t0 = performance.now();
  const report = (nonFinite: boolean): ShardSolveReport => ({
    iterations: k,
    residual: nonFinite ? NaN : residual,
    converged,
    final: (k % 2) as 0 | 1,
    nonFinite,
    waitMs,
    totalMs: performance.now() - t0,
  });
  while (k < o.maxIter && !converged) {
    const [step, norm] = rowsStep(s.states[k % 2], s.states[(k + 1) % 2], scratch);
    const base = (k % 2) * 2 * parts;
    partials[base + 2 * part] = step;
    partials[base + 2 * part + 1] = norm;
    const arrived = performance.now();
    arriveAndWait(barrier, barrierTimeoutMs);
    waitMs += performance.now() - arrived;
    let stepSum = 0;
    let normSum = 0;
    for (let p = 0; p < parts; p++) {
      stepSum += partials[base + 2 * p];
      normSum += partials[base + 2 * p + 1];
    }
    k++;
    try {
      [residual, converged] = forwardBackwardProgress(stepSum, normSum, o.tol, residuals);
    } catch (err) {
      if (!(err instanceof ConvergenceError)) throw err;
      return report(true);
    }
  }
  return report(false);
}
