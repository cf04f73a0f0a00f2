import {
  ConvergenceError,
  InvalidArgumentError,
  ShapeError,
  zerosLike,
  type Csr,
  type DType,
  type Real,
} from '@gsn/tensor';
import { abortBarrier, arriveAndWait, BARRIER_TIMEOUT_MS, BarrierAbortedError, createBarrier, resetBarrier } from './barrier';
import {
  FORWARD_BACKWARD_DEFAULTS,
  validateForwardBackward,
  type ForwardBackwardOptions,
  type ForwardBackwardResult,
} from './forward-backward';
import type { ForwardBackwardVjp } from './forward-backward-vjp';
import { ANDERSON_ROWS_MAX_MEMORY, ANDERSON_ROWS_SLOT } from './anderson-rows';
import { encodeSolveOptions, SOLVE_PARAMETERS, type ServedSolveOptions } from './served-solves';
import { LAPLACIAN_SLOT, laplacianBuffers, type LaplacianLoad, type LaplacianStructure } from './laplacian-rows';
import type { WorkerPool } from './pool';
import { createShardPlan, permuteRows, unpermuteRows, type ShardPlan } from './shard-plan';
import {
  COMMAND_COLS,
  COMMAND_OP,
  COMMAND_SEQ,
  OP_ADJOINT,
  OP_FORWARD,
  OP_LAPLACIAN_GRADIENTS,
  OP_LOAD_LAPLACIAN,
  OP_MATVEC,
  OP_STOP,
  type ServedBuffers,
  type ShardSetup,
  type ShardSolveReport,
  type ShardWorkerApi,
} from './shard-worker';
import { sharedMatrix, sharedView, type SharedMatrix } from './shared';
import { WorkerLostError } from './worker-error';

export interface ShardedOperatorOptions {
  /** Number of parts, run by workers 0..parts-1 (0: the pool's size). */
  readonly parts: number;
  /** Largest number of state columns a product or solve will use. */
  readonly columns: number;
  /**
   * How long a worker waits at a barrier for the others before giving up (ms, positive and
   * finite): in a served command (`serve`) the blocked main thread learns of a lost worker only
   * this long after the loss, from the survivors.
   */
  readonly barrierTimeoutMs: number;
  /**
   * Time one collective call (a whole solve) may take; 0: the pool's timeout. When it passes,
   * the barrier is aborted, so workers waiting there for a hung peer answer at once; the
   * peers still silent `ABORT_GRACE_MS` later are the hung ones, stopped and replaced.
   */
  readonly callTimeoutMs: number;
  /** Lost workers replaced (and the collective redone from its inputs) before giving up. */
  readonly retries: number;
  /**
   * Called after a lost worker was replaced and given its shard again; in a served command
   * (`serve`) the blocked thread cannot tell which worker was lost: all are replaced, id −1.
   */
  readonly onReplace?: (workerId: number, error: WorkerLostError) => void;
}

export const SHARDED_OPERATOR_DEFAULTS: Readonly<Omit<ShardedOperatorOptions, 'onReplace'>> = Object.freeze({
  parts: 0,
  columns: 1,
  barrierTimeoutMs: BARRIER_TIMEOUT_MS,
  callTimeoutMs: 0,
  retries: 2,
});

/** A synchronous `(x, out) => void` product served by the blocked workers (see `serve`). */
export interface ServedMatVec {
  readonly matvec: (x: Real, out: Real) => void;
  /** Products of `columns` columns: x and out are n x columns, row-major. */
  readonly matmat: (x: Real, columns: number, out: Real) => void;
  /**
   * `ShardedOperator.setValues` between products: the workers read the matrix only while
   * answering a product, and the command word orders this write before their next read.
   */
  readonly setValues: (values: Real) => void;
  /**
   * A whole forward-backward solve z ← prox(z − α(Az − s)) with Anderson acceleration inside the
   * workers (`servedForward`: two barriers per iteration, nothing on the main thread): what
   * `forwardBackward` of @gsn/solvers with acceleration 'anderson' computes, up to the summation
   * order of its inner products. Shapes: source, z0 and the state n x columns (original order).
   */
  readonly forwardSolve: (source: Real, z0: Real | undefined, columns: number, options: ServedSolveOptions) => ServedSolveResult;
  /**
   * The prox-form adjoint solve of @gsn/stationary's `operatorVjp` at ψ = `primal` inside the
   * workers (`servedAdjoint`): the state returned is λ = αDζ.
   */
  readonly adjointSolve: (source: Real, primal: Real, cotangent: Real, columns: number, options: ServedSolveOptions) => ServedSolveResult;
  /**
   * For an operator served on a graph (`serve(graph)`: A = L_w + V on its structure, see
   * `LaplacianBuffers`): the workers write A's values from the adjacency weights (the graph's
   * `adjacency.values`) and on-site V (original node order), each its own rows. Returns the
   * reduced `LaplacianLoad`: Gershgorin bound, min V, and the first invalid weight entry and
   * node (−1: none; the values are then not usable and the caller must not solve with them).
   */
  readonly loadLaplacian: (weights: Real, onsite: Real) => LaplacianLoad;
  /**
   * After `adjointSolve` (and no other solve since), for an operator served on a graph: the workers
   * form dℓ/dw_e = −⟨λ_i − λ_j, ψ_i − ψ_j⟩ per edge and dℓ/dV_i = −⟨λ_i, ψ_i⟩ per node from that
   * solve's ψ and λ (`laplacianGradientRows`). The arrays are views of shared memory, valid until
   * the next gradient command; `onsiteSum` = Σ_i dℓ/dV_i (summed by parts).
   */
  readonly laplacianGradients: () => LaplacianGradients;
  /** Releases the workers; resolves with the number of commands (products, solves, loads, gradients) served, since the last replacement if any. */
  stop(): Promise<number>;
}

/** `ServedMatVec.laplacianGradients`' result (float64, original edge and node order). */
export interface LaplacianGradients {
  readonly edges: Float64Array;
  readonly onsite: Float64Array;
  readonly onsiteSum: number;
}

export interface ServedSolveResult {
  readonly state: Real;
  readonly iterations: number;
  readonly residuals: number[];
  readonly converged: boolean;
}

/** Iterations a served solve may take (the length of its shared residual history). */
export const SERVED_SOLVE_MAX_ITER = 1 << 16;

/**
 * A square CSR matrix split by rows over the workers of a pool (worker p owns part p of the
 * partition), with the state in shared memory: each product reads the halo entries of x that
 * other workers wrote, writes its own rows of the output, and a barrier ends the step.
 */
export interface ShardedOperator<T extends Real = Real> {
  readonly plan: ShardPlan<T>;
  /**
   * Replaces A's values (same pattern, A's entry order), e.g. learned edge weights after an
   * optimizer step: written straight into the shared matrix, seen by every worker's next call.
   */
  setValues(values: T): void;
  /** out = A x (x and out n x columns, original row order), one call per worker. */
  spmm(x: T, columns: number): Promise<T>;
  /** The whole forward-backward solve inside the workers, a barrier per iteration. */
  forwardBackward(
    source: T,
    columns: number,
    options: Partial<ForwardBackwardOptions> & Pick<ForwardBackwardOptions, 'alpha'>,
    z0?: T,
  ): Promise<ForwardBackwardResult<T>>;
  /**
   * The implicit gradient of the solve at its solution `zStar` for the cotangent ∂L/∂z*
   * (symmetric A), computed in the workers: equals `forwardBackwardVjp`.
   */
  forwardBackwardVjp(
    source: T,
    zStar: T,
    cotangent: T,
    columns: number,
    options: Partial<ForwardBackwardOptions> & Pick<ForwardBackwardOptions, 'alpha'>,
  ): Promise<ForwardBackwardVjp<T>>;
  /**
   * Blocks the workers in a serving loop so that the main thread gets a synchronous matvec
   * closure for any solver (`cg(matvec, b)`); no other call may run until `stop`. With `graph`,
   * the matrix must be L_w + V on its structure (`LaplacianBuffers`' pattern; checked): the
   * workers can then load its values and form its gradients (`loadLaplacian`, `laplacianGradients`).
   */
  serve(graph?: LaplacianStructure): ServedMatVec;
  /** Forgets the shard in every worker (the pool stays up). */
  dispose(): Promise<void>;
}

/** `ShardedOperatorOptions.barrierTimeoutMs` must be a positive, finite number of milliseconds (a lost worker must be noticed). */
export function validateBarrierTimeout(barrierTimeoutMs: number): void {
  if (!(barrierTimeoutMs > 0 && Number.isFinite(barrierTimeoutMs))) {
    throw new InvalidArgumentError(`barrierTimeoutMs: ${barrierTimeoutMs} is not a positive, finite number of milliseconds`);
  }
}

/** How long after an aborted collective a worker may take to answer before it counts as hung. */
export const ABORT_GRACE_MS = 1000;

let nextHandle = 1;

export async function createShardedOperator<T extends Real>(
  pool: WorkerPool<ShardWorkerApi>,
  matrix: Csr<T>,
  partition: Int32Array,
  options: Partial<ShardedOperatorOptions> = {},
): Promise<ShardedOperator<T>> {
  const o: ShardedOperatorOptions = { ...SHARDED_OPERATOR_DEFAULTS, ...options };
  if (!Number.isInteger(o.columns) || o.columns < 1) throw new InvalidArgumentError(`columns: ${o.columns} is not a positive integer`);
  validateBarrierTimeout(o.barrierTimeoutMs);
  if (!Number.isInteger(o.retries) || o.retries < 0) throw new InvalidArgumentError(`retries: ${o.retries} is not a non-negative integer`);
  if (!Number.isInteger(o.parts) || o.parts < 0 || o.parts > pool.size) {
    throw new InvalidArgumentError(`parts: ${o.parts} is not an integer in [0, ${pool.size}]`);
  }
  const parts = o.parts || pool.size;
  const plan = createShardPlan(matrix, partition, parts);
  const dtype: DType = matrix.values instanceof Float64Array ? 'float64' : 'float32';
  const n = plan.n;
  const states: [SharedMatrix, SharedMatrix] = [sharedMatrix(dtype, n, o.columns), sharedMatrix(dtype, n, o.columns)];
  const source = sharedMatrix(dtype, n, o.columns);
  const primal = sharedMatrix(dtype, n, o.columns);
  const cotangent = sharedMatrix(dtype, n, o.columns);
  const nnz = plan.matrix.rowPtr[n];
  const valuesGrad = sharedView(sharedMatrix(dtype, nnz)) as T;
  const views = [sharedView(states[0]), sharedView(states[1])] as [T, T];
  const sourceView = sharedView(source) as T;
  const barrier = createBarrier(parts);
  const serveBarrier = createBarrier(parts + 1);
  const command = new Int32Array(new SharedArrayBuffer(3 * 4));
  const partials = new Float64Array(new SharedArrayBuffer(4 * parts * 8));
  const handle = nextHandle++;
  const setupOf = (part: number): ShardSetup => ({
    handle,
    part,
    parts,
    rowStart: plan.rowStart[part],
    rowEnd: plan.rowStart[part + 1],
    matrix: plan.matrix,
    states,
    source,
    primal,
    cotangent,
    valuesGrad,
    partials,
    barrier,
    serveBarrier,
    command,
    barrierTimeoutMs: o.barrierTimeoutMs,
  });
  const setups = Array.from({ length: parts }, (_, p) => setupOf(p));
  const collectiveTimeoutMs = o.callTimeoutMs > 0 ? o.callTimeoutMs : pool.timeoutMs;
  const callOptions = (w: number) => ({ shard: `graph:${w}`, timeoutMs: collectiveTimeoutMs + ABORT_GRACE_MS });
  const attach = (w: number) => pool.call(w, 'attach', [setups[w]], callOptions(w));
  await Promise.all(setups.map((_, w) => attach(w)));

  /** Runs one call on every worker; a lost worker is replaced and the collective redone. */
  const collective = async <R>(prepare: () => void, invoke: (w: number) => Promise<R>): Promise<R[]> => {
    for (let attempt = 0; ; attempt++) {
      resetBarrier(barrier);
      prepare();
      const watchdog = setTimeout(() => abortBarrier(barrier), collectiveTimeoutMs);
      const settled = await Promise.allSettled(
        setups.map((_, w) =>
          invoke(w).catch((err: unknown) => {
            abortBarrier(barrier);
            throw err;
          }),
        ),
      );
      clearTimeout(watchdog);
      const failures = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as Error] : []));
      if (failures.length === 0) return settled.map((s) => (s as PromiseFulfilledResult<R>).value);
      const lost = failures.filter((e): e is WorkerLostError => e instanceof WorkerLostError);
      if (lost.length === 0 || attempt >= o.retries) throw lost[0] ?? failures[0];
      for (const e of lost) {
        await pool.replace(e.workerId);
        await attach(e.workerId);
        o.onReplace?.(e.workerId, e);
      }
    }
  };

  const checkInput = (name: string, x: Real, columns: number): void => {
    if (!Number.isInteger(columns) || columns < 1 || columns > o.columns) {
      throw new InvalidArgumentError(`columns: ${columns} is not in [1, ${o.columns}]`);
    }
    if (x.length !== n * columns) throw new ShapeError(`${name} has ${x.length} entries, expected ${n} x ${columns}`);
    if ((x instanceof Float64Array ? 'float64' : 'float32') !== dtype) {
      throw new InvalidArgumentError(`${name} is not ${dtype} like the matrix`);
    }
  };

  const writeValues = (values: Real): void => {
    if (values.length !== nnz) throw new ShapeError(`setValues: ${values.length} values for ${nnz} entries`);
    const shared = plan.matrix.values;
    for (let m = 0; m < nnz; m++) shared[m] = values[plan.entryOf[m]];
  };

  let serving = false;
  const notServing = (what: string): void => {
    if (serving) throw new InvalidArgumentError(`${what}: the operator is serving a synchronous matvec; stop it first`);
  };

  return {
    plan,
    setValues(values) {
      notServing('setValues');
      writeValues(values);
    },
    async spmm(x, columns) {
      notServing('spmm');
      checkInput('x', x, columns);
      await collective(
        () => permuteRows(plan, x, columns, views[0]),
        (w) => pool.call(w, 'spmm', [handle, columns], callOptions(w)),
      );
      const out = zerosLike(x) as T;
      unpermuteRows(plan, views[1], columns, out);
      return out;
    },
    async forwardBackward(s, columns, options, z0) {
      notServing('forwardBackward');
      const fb: ForwardBackwardOptions = { ...FORWARD_BACKWARD_DEFAULTS, ...options };
      validateForwardBackward(fb);
      checkInput('source', s, columns);
      if (z0) checkInput('z0', z0, columns);
      const reports: ShardSolveReport[] = await collective(
        () => {
          permuteRows(plan, s, columns, sourceView);
          if (z0) permuteRows(plan, z0, columns, views[0]);
          else views[0].fill(0, 0, n * columns);
        },
        (w) => pool.call(w, 'forwardBackward', [handle, fb, columns], callOptions(w)),
      );
      const r = reports[0];
      if (r.nonFinite) {
        throw new ConvergenceError(`forward-backward (sharded): non-finite state after ${r.iterations} iterations`, []);
      }
      const state = zerosLike(s) as T;
      unpermuteRows(plan, views[r.final], columns, state);
      return {
        state,
        iterations: r.iterations,
        residual: r.residual,
        converged: r.converged,
        barrierWaitFraction: reports.map((x) => x.waitMs / Math.max(x.totalMs, 1e-9)),
      };
    },
    async forwardBackwardVjp(s, zStar, g, columns, options) {
      notServing('forwardBackwardVjp');
      const fb: ForwardBackwardOptions = { ...FORWARD_BACKWARD_DEFAULTS, ...options };
      validateForwardBackward(fb);
      checkInput('source', s, columns);
      checkInput('zStar', zStar, columns);
      checkInput('cotangent', g, columns);
      const reports: ShardSolveReport[] = await collective(
        () => {
          permuteRows(plan, s, columns, sourceView);
          permuteRows(plan, zStar, columns, sharedView(primal));
          permuteRows(plan, g, columns, sharedView(cotangent));
          views[0].fill(0, 0, n * columns);
        },
        (w) => pool.call(w, 'forwardBackwardVjp', [handle, fb, columns], callOptions(w)),
      );
      const r = reports[0];
      if (r.nonFinite) {
        throw new ConvergenceError(`forward-backward adjoint (sharded): non-finite state after ${r.iterations} iterations`, []);
      }
      const sourceGrad = zerosLike(s) as T;
      unpermuteRows(plan, views[r.final], columns, sourceGrad);
      const grad = zerosLike(matrix.values) as T;
      for (let m = 0; m < nnz; m++) grad[plan.entryOf[m]] = valuesGrad[m];
      return { sourceGrad, valuesGrad: grad, iterations: r.iterations, residual: r.residual, converged: r.converged };
    },
    serve(graph) {
      notServing('serve');
      if (graph) checkLaplacianPattern(matrix, graph);
      serving = true;
      const io: ServedBuffers = {
        inputs: [sharedMatrix(dtype, n, o.columns), sharedMatrix(dtype, n, o.columns), sharedMatrix(dtype, n, o.columns)],
        output: sharedMatrix(dtype, n, o.columns),
        perm: plan.perm,
        originalColIdx: plan.originalColIdx,
        laplacian: graph && laplacianBuffers(graph, plan.perm, plan.inverse, parts),
        solves: {
          parameters: new Float64Array(new SharedArrayBuffer(SOLVE_PARAMETERS * 8)),
          report: new Float64Array(new SharedArrayBuffer(4 * 8)),
          residuals: new Float64Array(new SharedArrayBuffer(SERVED_SOLVE_MAX_ITER * 8)),
          reductions: new Float64Array(new SharedArrayBuffer(parts * ANDERSON_ROWS_SLOT * 8)),
          masked: sharedMatrix(dtype, n, o.columns),
          failed: new Int32Array(new SharedArrayBuffer(4)),
        },
      };
      const inputs = io.inputs.map(sharedView);
      const output = sharedView(io.output);
      const { solves } = io;
      const forever = { timeoutMs: 2 ** 31 - 1 };
      let loops: Promise<number>[] = [];
      let generation = 0;
      /** Starts every worker's serving loop at the current command; a loop that fails aborts the serve barrier (unless newer loops replaced it). */
      const startLoops = (): void => {
        const current = ++generation;
        resetBarrier(serveBarrier);
        const startSeq = Atomics.load(command, COMMAND_SEQ);
        loops = setups.map((_, w) =>
          pool.call(w, 'serve', [handle, startSeq, io], { shard: `graph:${w}`, ...forever }).catch((err: unknown) => {
            if (current === generation) abortBarrier(serveBarrier);
            throw err;
          }),
        );
        loops.forEach((l) => l.catch(() => undefined));
      };
      /**
       * This thread is blocked and cannot hear of a lost worker: the survivors time out at their
       * barrier and abort the serve barrier. Then every serving worker is replaced at once
       * (`pool.respawn`: nothing here can wait for an answer), given its shard again (the shared
       * matrix and buffers are this thread's and intact) and started serving from this command.
       */
      const respawnAll = (): void => {
        for (let w = 0; w < parts; w++) pool.respawn(w);
        resetBarrier(barrier);
        for (let w = 0; w < parts; w++) pool.call(w, 'attach', [setups[w]], { shard: `graph:${w}`, ...forever }).catch(() => undefined);
        startLoops();
      };
      startLoops();
      /** Posts one command to the serving workers and waits until all have answered it. */
      const post = (op: number, columns: number, timeoutMs: number): void => {
        Atomics.store(command, COMMAND_OP, op);
        Atomics.store(command, COMMAND_COLS, columns);
        Atomics.add(command, COMMAND_SEQ, 1);
        Atomics.notify(command, COMMAND_SEQ);
        arriveAndWait(serveBarrier, timeoutMs);
      };
      /**
       * `prepare` (writing the command's inputs into shared memory) then `post`; when the command
       * is aborted with no worker reporting an error of its own, a worker was lost: the workers
       * are replaced and the command redone from its inputs, up to `retries` times.
       */
      const postRedoing = (what: string, prepare: () => void, op: number, columns: number, timeoutMs: number): void => {
        for (let attempt = 0; ; attempt++) {
          Atomics.store(solves.failed, 0, 0);
          prepare();
          try {
            post(op, columns, timeoutMs);
            return;
          } catch (err) {
            if (!(err instanceof BarrierAbortedError) || Atomics.load(solves.failed, 0) !== 0) throw err;
            if (attempt >= o.retries) {
              throw new WorkerLostError(`${what} (served): a worker was lost ${attempt + 1} times, more than retries = ${o.retries} (${err.message})`, -1, 'graph');
            }
            respawnAll();
            o.onReplace?.(-1, new WorkerLostError(`${what} (served): a serving worker was lost (${err.message}); all replaced, the command redone`, -1, 'graph'));
          }
        }
      };
      const matmat = (x: Real, columns: number, out: Real): void => {
        checkInput('x', x, columns);
        checkInput('out', out, columns);
        postRedoing('product', () => inputs[0].set(x.subarray(0, n * columns)), OP_MATVEC, columns, o.barrierTimeoutMs);
        out.set(output.subarray(0, n * columns));
      };
      // A whole solve may take long, and after a loss the fresh workers take a while to start:
      // bounded by callTimeoutMs when given. A worker that fails, or times out at a barrier (its
      // peers' or the serve barrier), aborts the serve barrier itself (this thread is blocked and
      // cannot see the failure).
      const commandTimeoutMs = o.callTimeoutMs > 0 ? o.callTimeoutMs : Infinity;
      /** Columns of the last adjoint solve, whose ψ and λ the workers still hold; 0 after any other solve. */
      let adjointColumns = 0;
      /** Copies the caller's arrays into `inputs[0..]` as they are: each worker gathers its own rows. */
      const prepareInputs = (columns: number, xs: readonly Real[]) => () => xs.forEach((x, k) => inputs[k].set(x.subarray(0, n * columns)));
      const solve = (op: number, what: string, xs: readonly Real[], hasInitialState: boolean, columns: number, options: ServedSolveOptions): ServedSolveResult => {
        checkServedSolve(options);
        encodeSolveOptions(options, hasInitialState, solves.parameters);
        adjointColumns = 0;
        postRedoing(what, prepareInputs(columns, xs), op, columns, commandTimeoutMs);
        const [iterations, converged, nonFinite] = solves.report;
        const residuals = Array.from(solves.residuals.subarray(0, iterations));
        if (nonFinite) throw new ConvergenceError(`${what} (served): non-finite residual at iteration ${iterations}`, residuals);
        const state = output.slice(0, n * columns);
        if (op === OP_ADJOINT) adjointColumns = columns;
        return { state, iterations, residuals, converged: converged === 1 };
      };
      const laplacian = (what: string) => {
        if (!io.laplacian) throw new InvalidArgumentError(`${what}: the operator is not served on a graph (serve(graph))`);
        return io.laplacian;
      };
      const partialsOf = (b: { partials: Float64Array }) => Array.from({ length: parts }, (_, p) => b.partials.subarray(p * LAPLACIAN_SLOT, (p + 1) * LAPLACIAN_SLOT));
      return {
        matvec: (x, out) => matmat(x, 1, out),
        matmat,
        setValues: writeValues,
        forwardSolve(source, z0, columns, options) {
          checkInput('source', source, columns);
          if (z0) checkInput('z0', z0, columns);
          return solve(OP_FORWARD, 'forward-backward with Anderson', z0 ? [source, z0] : [source], z0 !== undefined, columns, options);
        },
        adjointSolve(source, primal, cotangent, columns, options) {
          checkInput('source', source, columns);
          checkInput('primal', primal, columns);
          checkInput('cotangent', cotangent, columns);
          return solve(OP_ADJOINT, 'prox-form adjoint with Anderson', [source, primal, cotangent], false, columns, options);
        },
        loadLaplacian(weights, onsite) {
          const b = laplacian('loadLaplacian');
          if (weights.length !== b.weights.rows) throw new ShapeError(`loadLaplacian: ${weights.length} weights for ${b.weights.rows} adjacency entries`);
          if (onsite.length !== n) throw new ShapeError(`loadLaplacian: onsite has length ${onsite.length}, expected ${n}`);
          const precision = weights instanceof Float64Array ? 'float64' : 'float32';
          if (precision !== b.weights.dtype) throw new InvalidArgumentError(`loadLaplacian: ${precision} weights for a graph served with ${b.weights.dtype} weights`);
          const prepare = () => {
            sharedView(b.weights).set(weights);
            sharedView(b.onsite).set(onsite);
          };
          postRedoing('load', prepare, OP_LOAD_LAPLACIAN, 1, commandTimeoutMs);
          const first = (x: number, y: number) => (x < 0 ? y : y < 0 ? x : Math.min(x, y));
          return partialsOf(b).reduce(
            (r, [lambdaBound, minOnsite, invalidWeight, invalidOnsite]) => ({
              lambdaBound: Math.max(r.lambdaBound, lambdaBound),
              minOnsite: Math.min(r.minOnsite, minOnsite),
              invalidWeight: first(r.invalidWeight, invalidWeight),
              invalidOnsite: first(r.invalidOnsite, invalidOnsite),
            }),
            { lambdaBound: 0, minOnsite: Infinity, invalidWeight: -1, invalidOnsite: -1 },
          );
        },
        laplacianGradients() {
          const b = laplacian('laplacianGradients');
          if (adjointColumns === 0) throw new InvalidArgumentError('laplacianGradients: no adjoint solve since the last other solve');
          postRedoing('gradients', () => undefined, OP_LAPLACIAN_GRADIENTS, adjointColumns, commandTimeoutMs);
          const onsiteSum = partialsOf(b).reduce((sum, slot) => sum + slot[4], 0);
          return { edges: sharedView(b.edgeGradient) as Float64Array, onsite: sharedView(b.onsiteGradient) as Float64Array, onsiteSum };
        },
        async stop() {
          Atomics.store(command, COMMAND_OP, OP_STOP);
          Atomics.add(command, COMMAND_SEQ, 1);
          Atomics.notify(command, COMMAND_SEQ);
          try {
            const served = await Promise.all(loops);
            return served[0];
          } finally {
            serving = false;
          }
        },
      };
    },
    async dispose() {
      await Promise.all(setups.map((_, w) => (pool.isAlive(w) ? pool.call(w, 'detach', [handle]) : undefined)));
    },
  };
}

/** `matrix` must have, in each row i, i's adjacency entries in adjacency order without self-loops, then the diagonal. */
function checkLaplacianPattern(matrix: Csr, graph: LaplacianStructure): void {
  const { rowPtr, colIdx } = graph.adjacency;
  const fail = (i: number) => new InvalidArgumentError(`serve(graph): row ${i} of the matrix is not the graph's adjacency row without self-loops followed by the diagonal`);
  if (graph.nodes !== matrix.nRows) throw new ShapeError(`serve(graph): the graph has ${graph.nodes} nodes, the matrix ${matrix.nRows} rows`);
  for (let i = 0; i < graph.nodes; i++) {
    let m = matrix.rowPtr[i];
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
      if (colIdx[k] === i) continue;
      if (m >= matrix.rowPtr[i + 1] || matrix.colIdx[m++] !== colIdx[k]) throw fail(i);
    }
    if (m !== matrix.rowPtr[i + 1] - 1 || matrix.colIdx[m] !== i) throw fail(i);
  }
}

function checkServedSolve(o: ServedSolveOptions): void {
  validateForwardBackward(o);
  if (!(o.maxIter <= SERVED_SOLVE_MAX_ITER)) throw new InvalidArgumentError(`maxIter: ${o.maxIter} exceeds ${SERVED_SOLVE_MAX_ITER}`);
  if (!(o.tol > 0)) throw new InvalidArgumentError(`tol: ${o.tol} is not positive`);
  if (!(Number.isInteger(o.memory) && o.memory >= 1 && o.memory <= ANDERSON_ROWS_MAX_MEMORY)) {
    throw new InvalidArgumentError(`memory: ${o.memory} is not an integer in [1, ${ANDERSON_ROWS_MAX_MEMORY}]`);
  }
  if (!(o.regularization >= 0)) throw new InvalidArgumentError(`regularization: ${o.regularization} is negative`);
  if (!(o.damping > 0 && o.damping <= 1)) throw new InvalidArgumentError(`damping: ${o.damping} is not in (0, 1]`);
}
