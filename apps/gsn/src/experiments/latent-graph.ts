import { join } from 'node:path';
import { weightedGraph } from '@gsn/graph';
import {
  entropyMetric,
  euclideanMetric,
  moduliGraph,
  moduliOptimizer,
  moduliPoint,
  softplusOptimizer,
  type ModuliOptimizer,
  type ModuliPoint,
} from '@gsn/moduli';
import { lineChartSvg, writeFileAtomic, type Series } from '@gsn/plot';
import { anderson, forwardBackward } from '@gsn/solvers';
import { cubicNlsPotential, stationaryState, stationaryVjp, type AdjointMethod, type StationaryLayer } from '@gsn/stationary';
import { ConvergenceError, createRng, type Real, type Rng } from '@gsn/tensor';
import { epochsToTarget } from '@gsn/train';
import type { Experiment } from './experiment';

/*
 * SPEC §4.13 E4, latent-graph recovery (teacher–student). The teacher is one stationary layer on
 * a ring of n nodes with unit weights (cubic NLS potential, random on-site V); its data are the
 * pairs (s, ψ_T(s)) for Gaussian sources s. The student is the same layer (the teacher's V and
 * potential, the input map fixed at the identity) with every pair of nodes as a candidate edge,
 * all at weight w₀ at the start. Only the graph is learned, by full-batch steps on
 *   F(w) = (1/2m) Σ_s ‖ψ_w(s) − ψ_T(s)‖² + λ₁ Σ_e w_e,
 * its gradient by the adjoint (`stationaryVjp`). Optimizers: NG-M1 (entropy metric), MD-M1 (its
 * mirror step), projected gradient descent (the Euclidean metric) and the softplus baseline,
 * which never reaches a face, each at every η of the grid (`runLatentGraph`).
 */

export interface LatentGraphConfig {
  readonly nodes: number;
  readonly channels: number;
  readonly kappa: number;
  /** Strength of the cubic NLS potential. */
  readonly beta: number;
  readonly trainSamples: number;
  readonly testSamples: number;
  /** w₀, every candidate's starting weight. */
  readonly initialWeight: number;
  readonly l1: number;
  /** The entropy metric's shift ε. */
  readonly epsilon: number;
  readonly epochs: number;
  /** The step sizes η each optimizer runs at. */
  readonly lrs: readonly number[];
  /** A weight counts as an edge for `f1_thresholded` when it exceeds this fraction of the largest. */
  readonly threshold: number;
  /** The speed target: projected gradient descent's best F times (1 + gap). */
  readonly gap: number;
  readonly seed: number;
}

export const LATENT_GRAPH_CONFIG: LatentGraphConfig = Object.freeze({
  nodes: 12,
  channels: 2,
  kappa: 0.5,
  beta: 0.5,
  trainSamples: 48,
  testSamples: 48,
  initialWeight: 0.2,
  l1: 2e-4,
  epsilon: 0.1,
  epochs: 200,
  lrs: Object.freeze([1, 2, 3, 5, 10, 20]),
  threshold: 0.05,
  gap: 1e-3,
  seed: 4,
});

const SOLVE = { tol: 1e-11, maxIter: 5000, acceleration: 'anderson' as const, throwOnFail: true };
const ADJOINT: AdjointMethod<{ tol: number; maxIter: number; throwOnFail: boolean }> = {
  form: 'prox',
  solver: anderson,
  solverOptions: { tol: 1e-11, maxIter: 5000, throwOnFail: true },
};

/** Sources s and the teacher's states ψ_T(s). */
export interface TeacherData {
  readonly sources: readonly Real[];
  readonly targets: readonly Real[];
}

/** The teacher's layer, its data (solved once), and the student's starting point (every pair a candidate). */
export interface LatentGraphProblem {
  readonly teacher: StationaryLayer;
  readonly train: TeacherData;
  readonly test: TeacherData;
  /** Whether candidate e of `start` is a teacher (ring) edge. */
  readonly planted: boolean[];
  readonly start: ModuliPoint;
}

const sum = (xs: readonly number[]) => xs.reduce((a, x) => a + x, 0);
const gaussian = (rng: Rng, k: number) => Float64Array.from({ length: k }, () => rng.normal());

export function latentGraphProblem(c: LatentGraphConfig): LatentGraphProblem {
  const rng = createRng(c.seed);
  const n = c.nodes;
  const ring = weightedGraph({ nodes: n, src: Array.from({ length: n }, (_, i) => i), dst: Array.from({ length: n }, (_, i) => (i + 1) % n) });
  const onsite = Float64Array.from({ length: n }, () => rng.next());
  const teacher: StationaryLayer = { graph: ring, channels: c.channels, kappa: c.kappa, onsite, potential: cubicNlsPotential(c.beta) };
  const width = n * 2 * c.channels;
  const src: number[] = [];
  const dst: number[] = [];
  for (let u = 0; u < n; u++) {
    for (let v = u + 1; v < n; v++) {
      src.push(u);
      dst.push(v);
    }
  }
  const start = moduliPoint({ nodes: n, src, dst, weights: new Float64Array(src.length).fill(c.initialWeight) });
  const isRing = (u: number, v: number) => (v - u + n) % n === 1 || (u - v + n) % n === 1;
  const data = (samples: number): TeacherData => {
    const sources = Array.from({ length: samples }, () => gaussian(rng, width));
    return { sources, targets: sources.map((s) => stationaryState(teacher, s, { solver: forwardBackward, solverOptions: SOLVE }).state) };
  };
  const train = data(c.trainSamples);
  return {
    teacher,
    train,
    test: data(c.testSamples),
    planted: Array.from(start.src, (u, e) => isRing(u, start.dst[e])),
    start,
  };
}

/** The student: the teacher's layer on the point's candidate graph (absent edges kept at weight 0, so they get a gradient). */
const layerOn = (problem: LatentGraphProblem, point: ModuliPoint): StationaryLayer => ({ ...problem.teacher, graph: moduliGraph(point) });

/** The data term (1/2m) Σ‖ψ_w(s) − ψ_T(s)‖² over `data`, and (with `gradient`) its dF/dw by the adjoint. */
export function fitLoss(problem: LatentGraphProblem, point: ModuliPoint, { sources, targets }: TeacherData, gradient: boolean) {
  const layer = layerOn(problem, point);
  const grad = new Float64Array(point.weights.length);
  let loss = 0;
  sources.forEach((s, k) => {
    const forward = stationaryState(layer, s, { solver: forwardBackward, solverOptions: SOLVE });
    const residual = forward.state.map((x, i) => (x - targets[k][i]) / sources.length);
    loss += 0.5 * sources.length * sum(Array.from(residual, (r) => r * r));
    if (gradient) stationaryVjp(layer, forward, s, residual, ADJOINT).weights.forEach((g, e) => (grad[e] += g));
  });
  return { loss, grad };
}

/** F1 = 2·TP / (found + planted) of `edges` (a flag per candidate) against the planted ring. */
function f1(edges: readonly boolean[], planted: readonly boolean[]): number {
  const tp = edges.filter((x, e) => x && planted[e]).length;
  const found = edges.filter(Boolean).length;
  const truth = planted.filter(Boolean).length;
  return tp === 0 ? 0 : (2 * tp) / (found + truth);
}

export interface RecoveryRun {
  readonly lr: number;
  /** F per epoch (before the step), data term plus λ₁Σw. */
  readonly objective: number[];
  readonly f1Support: number;
  readonly f1Thresholded: number;
  /** Held-out mean squared error of the final weights; null when the run diverged. */
  readonly testMse: number | null;
  readonly removed: number;
  readonly entered: number;
  readonly weights: Float64Array;
  /**
   * The epoch at which a solve stopped converging (η too large: the weights grew until the
   * layer's operator was too stiff for the solver's iteration cap), or null. Such a run stops there.
   */
  readonly divergedAt: number | null;
}

/** `epochs` full-batch steps of `optimizer` from `problem.start`. */
export function recoverGraph(problem: LatentGraphProblem, optimizer: ModuliOptimizer, c: LatentGraphConfig, lr: number): RecoveryRun {
  let state = optimizer.init(problem.start);
  const objective: number[] = [];
  let removed = 0;
  let entered = 0;
  let divergedAt: number | null = null;
  for (let epoch = 0; epoch < c.epochs && divergedAt === null; epoch++) {
    try {
      const { loss, grad } = fitLoss(problem, state.point, problem.train, true);
      objective.push(loss + c.l1 * sum(Array.from(state.point.weights)));
      const r = optimizer.update(grad, state, { epoch, layer: 0 });
      removed += r.events.filter((event) => event.kind === 'removed').length;
      entered += r.events.filter((event) => event.kind === 'entered').length;
      state = r.state;
    } catch (error) {
      if (!(error instanceof ConvergenceError)) throw error;
      divergedAt = epoch;
    }
  }
  const w = Float64Array.from(state.point.weights);
  const largest = Math.max(...w);
  const f1Support = f1(Array.from(w, (x) => x > 0), problem.planted);
  const f1Thresholded = f1(Array.from(w, (x) => x > c.threshold * largest), problem.planted);
  const testMse = divergedAt === null ? 2 * fitLoss(problem, state.point, problem.test, false).loss : null;
  return { lr, objective, f1Support, f1Thresholded, testMse, removed, entered, weights: w, divergedAt };
}

const NATURAL = 'NG-M1 entropy';
const MIRROR = 'MD-M1 entropy mirror';
/** The reference of the speed comparison. */
const EUCLIDEAN = 'projected GD (Euclidean)';

/** The optimizers E4 compares, at step size η. */
export function latentGraphOptimizers(c: LatentGraphConfig): Record<string, (lr: number) => ModuliOptimizer> {
  return {
    [NATURAL]: (lr) => moduliOptimizer({ metric: entropyMetric(c.epsilon), lr, l1: c.l1 }),
    [MIRROR]: (lr) => moduliOptimizer({ metric: entropyMetric(c.epsilon), lr, l1: c.l1, step: 'mirror' }),
    [EUCLIDEAN]: (lr) => moduliOptimizer({ metric: euclideanMetric(), lr, l1: c.l1 }),
    'softplus baseline': (lr) => softplusOptimizer({ lr, l1: c.l1 }),
  };
}

/**
 * Every optimizer at every η of the grid. Speed is measured as in `npm run bench -- moduli`:
 * the target is projected gradient descent's best F (any η) within a relative `c.gap`; each
 * optimizer is reported at its own fastest η to the target (runs that never reach it, or whose
 * solves stopped converging, are listed but not chosen).
 */
export function runLatentGraph(c: LatentGraphConfig = LATENT_GRAPH_CONFIG) {
  const problem = latentGraphProblem(c);
  const grids = Object.entries(latentGraphOptimizers(c)).map(([name, make]) => ({ name, runs: c.lrs.map((lr) => recoverGraph(problem, make(lr), c, lr)) }));
  const euclidean = grids.find((g) => g.name === EUCLIDEAN)!.runs;
  const target = Math.min(...euclidean.flatMap((r) => r.objective)) * (1 + c.gap);
  const optimizers = grids.map(({ name, runs }) => {
    const timed = runs.filter((run) => run.divergedAt === null).map((run) => ({ run, epochs: epochsToTarget(run.objective, target) }));
    if (timed.length === 0) throw new ConvergenceError(`latent-graph: ${name} diverged at every η of ${c.lrs.join(', ')}`, []);
    const reached = timed.filter((t) => t.epochs !== null);
    // The fastest η to the target; when none reaches it, the η that ends lowest.
    const fastest = reached.length ? reached.reduce((a, b) => (b.epochs! < a.epochs! ? b : a)) : timed.reduce((a, b) => (last(b.run) < last(a.run) ? b : a));
    const { run } = fastest;
    return {
      name,
      lr: run.lr,
      epochs_to_target: fastest.epochs,
      diverged_lrs: runs.filter((r) => r.divergedAt !== null).map((r) => r.lr),
      final_objective: last(run),
      f1_support: run.f1Support,
      f1_thresholded: run.f1Thresholded,
      test_mse: run.testMse,
      edges_removed: run.removed,
      edges_entered: run.entered,
      objective: run.objective,
    };
  });
  return { problem, target, optimizers };
}

const last = (run: RecoveryRun) => run.objective[run.objective.length - 1];

export const latentGraphExperiment: Experiment = {
  name: 'latent-graph',
  summary: 'SPEC E4: recover a planted ring from a stationary layer\'s outputs (natural gradient, mirror, projected GD, softplus)',
  async run(options) {
    const c = LATENT_GRAPH_CONFIG;
    const { target, optimizers } = runLatentGraph(c);
    const series: Series[] = optimizers.map((o) => ({ name: `${o.name} η=${o.lr}`, x: o.objective.map((_, i) => i + 1), y: o.objective }));
    writeFileAtomic(
      join(options.out, 'latent-graph-objective.svg'),
      await lineChartSvg({ title: `E4: F(w) while recovering a ${c.nodes}-node ring from ${c.trainSamples} samples`, xLabel: 'epoch', yLabel: 'F', series, logY: true }),
    );
    const epochs = (name: string) => optimizers.find((o) => o.name === name)!.epochs_to_target;
    const euclidean = epochs(EUCLIDEAN);
    const overEuclidean = (name: string) => {
      const e = epochs(name);
      return e !== null && euclidean !== null ? e / euclidean : null;
    };
    return {
      config: c,
      target,
      natural_over_euclidean_epochs: overEuclidean(NATURAL),
      mirror_over_euclidean_epochs: overEuclidean(MIRROR),
      optimizers: optimizers.map(({ objective: _objective, ...rest }) => rest),
    };
  },
};
