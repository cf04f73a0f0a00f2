import { InvalidArgumentError, ShapeError, zerosLike } from '@gsn/tensor';
import type { Real } from '@gsn/tensor';
import { entropyMetric } from './metrics';
import type { HessianMetric } from './metrics';
import { CANDIDATE_KIND_NAMES, validateModuliPoint } from './moduli-point';
import type { CandidateKindName, ModuliPoint } from './moduli-point';
import { mirrorStep, naturalStep } from './steps';

/** A stratum transition of one edge: it reached w = 0 (removed) or left it (entered). */
export interface FaceEvent {
  /** Index of the edge in the moduli point's candidate list. */
  readonly edge: number;
  readonly u: number;
  readonly v: number;
  readonly kind: 'removed' | 'entered';
  readonly epoch: number;
  readonly layer: number;
  /** Where the candidate edge came from. */
  readonly candidate: CandidateKindName;
}

/** Where an update happens, recorded in its events. */
export interface UpdateContext {
  readonly epoch: number;
  readonly layer: number;
}

/**
 * Optimizer state, owned by the caller between updates (nothing hidden): the current point,
 * how many updates were made, and the face crossings of the last update.
 */
export interface ModuliState {
  readonly point: ModuliPoint;
  readonly count: number;
  readonly events: readonly FaceEvent[];
}

/** What `update` returns: the new weights (also `state.point.weights`) and the crossings. */
export interface ModuliUpdate<S extends ModuliState = ModuliState> {
  readonly weights: Real;
  readonly events: readonly FaceEvent[];
  readonly state: S;
}

/**
 * An optimizer on the moduli space as a pair of pure functions (Optax style): `init(point)`
 * builds the state, `update(grad, state, ctx)` takes dLoss/dw_e (one entry per candidate edge,
 * zero-weight edges included: their gradient decides re-entry) and returns the next state.
 * Neither mutates its arguments.
 */
export interface ModuliOptimizer<S extends ModuliState = ModuliState> {
  init(point: ModuliPoint): S;
  update(grad: Real, state: S, ctx: UpdateContext): ModuliUpdate<S>;
}

/** A learning rate, or a schedule of the update count (0 for the first update). */
export type LearningRate = number | ((count: number) => number);

export interface ModuliOptimizerOptions {
  /** The Hessian metric of the natural gradient / the potential of the mirror step. */
  readonly metric: HessianMetric;
  readonly lr: LearningRate;
  /** l1 sparsity weight lambda_1 >= 0, added to every dLoss/dw_e. */
  readonly l1: number;
  /** 'natural': w - lr G^{-1} dF then clamp; 'mirror': dual step h'(w) - lr dF then clamp. */
  readonly step: 'natural' | 'mirror';
}

export const MODULI_OPTIMIZER_DEFAULTS: ModuliOptimizerOptions = Object.freeze({
  metric: entropyMetric(),
  lr: 0.01,
  l1: 0,
  step: 'natural' as const,
});

/**
 * Natural-gradient / mirror descent on W with face crossing (SPEC 4.6). With the Euclidean
 * metric both steps are projected gradient descent.
 *
 * @example
 * const opt = moduliOptimizer({ metric: entropyMetric(0.1), lr: 0.05, l1: 1e-4 });
 * let state = opt.init(point);
 * const r = opt.update(dLossDw, state, { epoch, layer }); // r.weights, r.events
 * state = r.state;
 */
export function moduliOptimizer(options: Partial<ModuliOptimizerOptions> = {}): ModuliOptimizer {
  const opts = { ...MODULI_OPTIMIZER_DEFAULTS, ...options };
  checkLearningRate('moduliOptimizer', opts.lr);
  if (!(opts.l1 >= 0) || !Number.isFinite(opts.l1)) {
    throw new InvalidArgumentError(`moduliOptimizer: l1 must be finite and >= 0, got ${opts.l1}`);
  }
  if (opts.step !== 'natural' && opts.step !== 'mirror') {
    throw new InvalidArgumentError(`moduliOptimizer: step must be 'natural' or 'mirror', got '${String(opts.step)}'`);
  }
  if (typeof opts.metric?.inverseMetric !== 'function') {
    throw new InvalidArgumentError('moduliOptimizer: metric must be a HessianMetric (euclideanMetric(), entropyMetric(), ...)');
  }
  const step = opts.step === 'natural' ? naturalStep : mirrorStep;
  return {
    init(point) {
      validateModuliPoint(point, 'moduliOptimizer.init: point');
      return { point, count: 0, events: [] };
    },
    update(grad, state, ctx) {
      checkUpdate('moduliOptimizer.update', grad, state, ctx);
      const lr = learningRateAt('moduliOptimizer', opts.lr, state.count);
      const weights = step(opts.metric, state.point.weights, grad, { lr, l1: opts.l1 });
      return advance(state, weights, ctx, {});
    },
  };
}

/** State of the softplus baseline: also the unconstrained parameters theta. */
export interface SoftplusState extends ModuliState {
  readonly theta: Float64Array;
}

export interface SoftplusOptimizerOptions {
  readonly lr: LearningRate;
  readonly l1: number;
  /** Zero weights start at softplus(theta) = floor, since theta = -inf is not representable. */
  readonly floor: number;
}

export const SOFTPLUS_OPTIMIZER_DEFAULTS: SoftplusOptimizerOptions = Object.freeze({ lr: 0.01, l1: 0, floor: 1e-6 });

/**
 * Baseline only (SPEC 4.6): w = softplus(theta), gradient descent on theta,
 * theta+ = theta - lr * sigmoid(theta) * dF. Weights stay > 0 forever (in float64), so no
 * edge ever leaves or enters: the comparison point for face crossing.
 */
export function softplusOptimizer(options: Partial<SoftplusOptimizerOptions> = {}): ModuliOptimizer<SoftplusState> {
  const opts = { ...SOFTPLUS_OPTIMIZER_DEFAULTS, ...options };
  checkLearningRate('softplusOptimizer', opts.lr);
  if (!(opts.l1 >= 0) || !Number.isFinite(opts.l1)) {
    throw new InvalidArgumentError(`softplusOptimizer: l1 must be finite and >= 0, got ${opts.l1}`);
  }
  if (!(opts.floor > 0) || !Number.isFinite(opts.floor)) {
    throw new InvalidArgumentError(`softplusOptimizer: floor must be finite and > 0, got ${opts.floor}`);
  }
  return {
    init(point) {
      validateModuliPoint(point, 'softplusOptimizer.init: point');
      const theta = new Float64Array(point.weights.length);
      const weights = zerosLike(point.weights);
      for (let e = 0; e < theta.length; e++) {
        theta[e] = inverseSoftplus(Math.max(point.weights[e], opts.floor));
        weights[e] = softplus(theta[e]);
      }
      return { point: { ...point, weights }, count: 0, events: [], theta };
    },
    update(grad, state, ctx) {
      checkUpdate('softplusOptimizer.update', grad, state, ctx);
      const lr = learningRateAt('softplusOptimizer', opts.lr, state.count);
      const theta = new Float64Array(state.theta.length);
      const weights = zerosLike(state.point.weights);
      for (let e = 0; e < theta.length; e++) {
        const t = state.theta[e];
        theta[e] = t - lr * sigmoid(t) * (grad[e] + opts.l1);
        weights[e] = softplus(theta[e]);
      }
      return advance(state, weights, ctx, { theta });
    },
  };
}

function softplus(t: number): number {
  return t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
}

function inverseSoftplus(w: number): number {
  return w > 30 ? w + Math.log1p(-Math.exp(-w)) : Math.log(Math.expm1(w));
}

function sigmoid(t: number): number {
  return t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t));
}

/** The next state: new weights, count + 1, and the face crossings between old and new weights. */
function advance<S extends ModuliState>(
  state: S,
  weights: Real,
  ctx: UpdateContext,
  extra: Partial<S>,
): ModuliUpdate<S> {
  const { point } = state;
  const events: FaceEvent[] = [];
  for (let e = 0; e < weights.length; e++) {
    const before = point.weights[e] > 0;
    const after = weights[e] > 0;
    if (before === after) continue;
    events.push({
      edge: e,
      u: point.src[e],
      v: point.dst[e],
      kind: before ? 'removed' : 'entered',
      epoch: ctx.epoch,
      layer: ctx.layer,
      candidate: CANDIDATE_KIND_NAMES[point.candidateKind[e]],
    });
  }
  const next = { ...state, ...extra, point: { ...point, weights }, count: state.count + 1, events };
  return { weights, events, state: next };
}

function checkUpdate(fn: string, grad: Real, state: ModuliState, ctx: UpdateContext): void {
  if (grad.length !== state.point.weights.length) {
    throw new ShapeError(`${fn}: grad has ${grad.length} entries for ${state.point.weights.length} candidate edges`);
  }
  for (let e = 0; e < grad.length; e++) {
    if (!Number.isFinite(grad[e])) throw new InvalidArgumentError(`${fn}: grad[${e}] = ${grad[e]} is not finite`);
  }
  if (!Number.isInteger(ctx.epoch) || !Number.isInteger(ctx.layer)) {
    throw new InvalidArgumentError(`${fn}: ctx.epoch and ctx.layer must be integers, got ${ctx.epoch}, ${ctx.layer}`);
  }
}

function checkLearningRate(fn: string, lr: LearningRate): void {
  if (typeof lr === 'function') return;
  if (!(lr > 0) || !Number.isFinite(lr)) throw new InvalidArgumentError(`${fn}: lr must be finite and > 0, got ${lr}`);
}

function learningRateAt(fn: string, lr: LearningRate, count: number): number {
  const value = typeof lr === 'function' ? lr(count) : lr;
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new InvalidArgumentError(`${fn}: lr schedule gave ${value} at update ${count}; it must be finite and > 0`);
  }
  return value;
}
