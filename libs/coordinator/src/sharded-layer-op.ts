import {
  createPool,
  SERVED_SOLVE,
  SHARD_WORKER_FILE,
  SHARDED_OPERATOR_DEFAULTS,
  validateBarrierTimeout,
  type FaultInjection,
  type ProxSpec,
  type ServedSolveOptions,
  type ShardWorkerApi,
  type WorkerPool,
} from '@gsn/distributed';
import type { WeightedGraph } from '@gsn/graph';
import { anderson, ANDERSON_DEFAULTS, forwardBackward, FORWARD_BACKWARD_DEFAULTS } from '@gsn/solvers';
import {
  edgeWeightGradient,
  onsiteGradient,
  onsiteVector,
  operatorLayerOp,
  operatorState,
  operatorVjp,
  type Potential,
  type StationaryGradients,
  type StationaryLayer,
  type StationaryState,
} from '@gsn/stationary';
import { ConvergenceError, type Real } from '@gsn/tensor';
import type { StationaryNetworkOptions } from '@gsn/train';
import { servedSchrodinger, type ServedSchrodinger, type ServedStationaryOperator } from './sharded-schrodinger';

/** The layer op a stationary network calls in 'layerwise' mode (`stationaryLayerOp`'s signature). */
export type LayerOp = StationaryNetworkOptions['layerOp'];
type LayerConfig = Parameters<LayerOp>[2];

/** The proximal maps the workers apply themselves (a closure cannot cross threads). */
export const WORKER_PROX: Readonly<Record<string, ProxSpec>> = Object.freeze({ relu: { kind: 'nonnegative' }, zero: { kind: 'identity' } });

/** A served solve's options from a solver's (forward-backward or Anderson) options, step α and prox. */
export function servedSolveOptions(o: Omit<ServedSolveOptions, 'alpha' | 'prox'>, alpha: number, prox: ProxSpec): ServedSolveOptions {
  return { alpha, prox, tol: o.tol, maxIter: o.maxIter, memory: o.memory, regularization: o.regularization, damping: o.damping };
}

/** `r`, or a `ConvergenceError` naming `who` and the solve when it missed its tolerance and `throwOnFail` asks to throw. */
export function checkedSolve<R extends { converged: boolean; residuals: number[] }>(who: string, what: string, throwOnFail: boolean, r: R): R {
  if (throwOnFail && !r.converged) throw new ConvergenceError(`${who}: the ${what} solve did not reach its tolerance`, r.residuals);
  return r;
}

/**
 * `stationaryLayerOp` with H = L_w + V row-sharded over the served workers. With the network's
 * solvers (forward-backward with Anderson acceleration, prox-form adjoint by Anderson) and a
 * potential whose prox the workers know (relu, zero), each whole solve runs inside the workers
 * (`forwardSolve`, `adjointSolve` of @gsn/distributed: every vector pass on the worker's own rows,
 * inner products reduced through shared memory, two barriers per iteration); otherwise the same
 * solvers run on this thread with every product of H served by the workers. Gradients are formed
 * as `stationaryVjp` forms them (λ = dℓ/ds, dℓ/dw_e, dℓ/dκ = Σ_i dℓ/dV_i); the on-site values are
 * the layer's (`onsiteVector`).
 */
export function shardedLayerOp(served: ServedSchrodinger): LayerOp {
  const name = 'shardedLayerOp';
  return (source, params, config, cache) =>
    operatorLayerOp(
      source,
      params,
      {
        name,
        config,
        extraInputs: [],
        build: ({ graph, kappa, potential }) => {
          const layer: StationaryLayer = { graph, channels: config.channels, kappa, potential };
          const op = served.operator(graph, onsiteVector(layer, new Float32Array(0)));
          const inWorkers = workerSolves(config, potential);
          return {
            state: (s, options) => (inWorkers ? inWorkers.state(op, s, options.z0, options.alpha ?? 1 / op.lambdaBound) : operatorState(op, potential, s, options, name)),
            vjp: (forward, s, cotangent, method): StationaryGradients => {
              if (inWorkers) {
                const adjoint = inWorkers.vjp(op, forward, s, cotangent);
                // the parameter gradients too are formed in the workers, from the ψ and λ they hold
                const { weights, onsite, kappa } = op.adjointGradients();
                return { source: adjoint.lambda, weights, onsite, kappa, strength: undefined, adjointIterations: adjoint.adjointIterations };
              }
              const psi = forward.state;
              const adjoint = operatorVjp(op, potential, forward, s, cotangent, method, name);
              const onsite = new Float32Array(graph.nodes);
              const kappaGradient = onsiteGradient(psi, adjoint.lambda, config.channels, onsite);
              const weights = edgeWeightGradient(layer, psi, adjoint.lambda);
              return { source: adjoint.lambda, weights, onsite, kappa: kappaGradient, strength: adjoint.strength, adjointIterations: adjoint.adjointIterations };
            },
            extraGradients: () => [],
          };
        },
      },
      cache,
    );
}

/** The in-worker solves for this config and potential, or undefined when they do not apply. */
function workerSolves(config: LayerConfig, potential: Potential) {
  const prox = WORKER_PROX[potential.name];
  const forward = { ...FORWARD_BACKWARD_DEFAULTS, ...config.forward.options };
  if (!prox || config.forward.solver !== forwardBackward || forward.acceleration !== 'anderson') return undefined;
  if (config.adjoint.form !== 'prox' || config.adjoint.solver !== anderson) return undefined;
  const adjoint = { ...ANDERSON_DEFAULTS, ...config.adjoint.solverOptions };
  const solveOptions = (o: typeof adjoint, alpha: number) => servedSolveOptions(o, alpha, prox);
  const checked = <R extends { converged: boolean; residuals: number[] }>(what: string, throwOnFail: boolean, r: R) =>
    checkedSolve('shardedLayerOp', what, throwOnFail, r);
  return {
    state(op: ServedStationaryOperator, s: Real, z0: Real | undefined, alpha: number): StationaryState {
      const r = checked('forward', forward.throwOnFail, op.forwardSolve(s, z0, solveOptions(forward, alpha)));
      return { ...r, alpha, reason: r.converged ? 'converged' : 'maxIter' };
    },
    vjp(op: ServedStationaryOperator, forwardState: StationaryState, s: Real, cotangent: Real) {
      const r = checked('adjoint', adjoint.throwOnFail, op.adjointSolve(s, forwardState.state, cotangent, solveOptions(adjoint, forwardState.alpha)));
      return { lambda: r.state, adjointIterations: r.iterations };
    },
  };
}

/** How a pool of serving workers runs (`withServingPool`, and the `graph` / `layers` strategies on it). */
export interface ServingPoolOptions {
  /** Deliberate failures (tests, `GSN_FAULT`); none by default. */
  readonly faults: readonly FaultInjection[];
  /**
   * How long a serving worker waits at a barrier for its peers (ms, positive and finite). This
   * thread is blocked in a served solve and cannot hear of a lost worker: the survivors time out
   * at their barrier, so a loss is noticed this long after it happened. Longer than the slowest
   * solver iteration (or product) on a loaded machine.
   */
  readonly barrierTimeoutMs: number;
}

export const SERVING_POOL_DEFAULTS: Readonly<ServingPoolOptions> = Object.freeze({
  faults: Object.freeze([]) as readonly FaultInjection[],
  barrierTimeoutMs: SHARDED_OPERATOR_DEFAULTS.barrierTimeoutMs,
});

/**
 * Runs `body` with a `shardedLayerOp` over `workers` worker threads for the layers on
 * `structure` (the layers' graph: its structure is partitioned once, multilevel k-way), and
 * stops the workers afterwards, also when `body` throws. `options`: see `withServingPool`.
 */
export async function withShardedLayerOp<R>(
  structure: WeightedGraph,
  channels: number,
  workers: number,
  body: (layerOp: LayerOp) => R | Promise<R>,
  options: Partial<ServingPoolOptions> = {},
): Promise<R> {
  return withServingPool(
    workers,
    (pool, barrierTimeoutMs) => servedSchrodinger(pool, structure, channels, { barrierTimeoutMs }),
    (served) => body(shardedLayerOp(served)),
    options,
  );
}

/**
 * Runs `body` on what `serve` builds over a pool of `workers` shard workers (`serve` passes
 * `barrierTimeoutMs` on to its sharded operator), then disposes of it and stops the workers, also
 * when `body` throws. A worker lost during a served solve is replaced and the solve redone from
 * its inputs (`ServedMatVec`), so the result is the undisturbed one. `faults` count a worker's
 * served solves unless they name another method (`SERVED_SOLVE`): all of training is one `serve` call.
 */
export async function withServingPool<S extends { dispose(): Promise<unknown> }, R>(
  workers: number,
  serve: (pool: WorkerPool<ShardWorkerApi>, barrierTimeoutMs: number) => Promise<S>,
  body: (served: S) => R | Promise<R>,
  options: Partial<ServingPoolOptions> = {},
): Promise<R> {
  const o: ServingPoolOptions = { ...SERVING_POOL_DEFAULTS, ...options };
  validateBarrierTimeout(o.barrierTimeoutMs);
  const servedFaults = o.faults.map((f) => ({ ...f, method: f.method ?? SERVED_SOLVE }));
  const pool = createPool<ShardWorkerApi>({ size: workers, workerFile: SHARD_WORKER_FILE, faults: servedFaults });
  try {
    await pool.ready();
    const served = await serve(pool, o.barrierTimeoutMs);
    let result: R;
    try {
      result = await body(served);
    } catch (err) {
      // after a failure (e.g. workers lost more often than retried) stopping them fails too: keep the first error
      await served.dispose().catch(() => undefined);
      throw err;
    }
    await served.dispose();
    return result;
  } finally {
    await pool.terminate();
  }
}
