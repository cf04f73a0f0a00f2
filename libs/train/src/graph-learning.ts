import * as tf from '@tensorflow/tfjs';
import type { WeightedGraph } from '@gsn/graph';
import {
  CANDIDATE_KIND_NAMES,
  entropyMetric,
  euclideanMetric,
  hypentropyMetric,
  logBarrierMetric,
  moduliGraph,
  moduliOptimizer,
  moduliPoint,
  withPointWeights,
  type CandidateKindName,
  type HessianMetric,
  type ModuliOptimizer,
  type ModuliPoint,
  type ModuliState,
  type NodeFeatures,
} from '@gsn/moduli';
import type { Model } from '@gsn/nn';
import type { GradientTransformation } from '@gsn/optim';
import { partition } from '@gsn/optim';
import { createRng, InvalidArgumentError } from '@gsn/tensor';
import type { TrainOptions } from './options';
import { defaultOptimizer, type OptimizedModel } from './train-split';

/**
 * How the stationary layers' edge weights are trained: `natural` = natural gradient of a
 * Hessian metric on the moduli space (`metric`; by default the entropy metric g = 1/(w + ε),
 * NG-M1), `mirror` = the same geometry's mirror step (for the entropy metric
 * w⁺ = max(0, (w + ε)·exp(−η ∂F) − ε), MD-M1; equal to NG-M1 to first order in η),
 * `euclidean` = projected gradient descent (the natural step with g = 1), `off` = frozen at
 * their initial values.
 */
export const GRAPH_LEARNING_MODES = ['natural', 'mirror', 'euclidean', 'off'] as const;
export type GraphLearningMode = (typeof GRAPH_LEARNING_MODES)[number];

/**
 * The Hessian metric of the `natural` and `mirror` steps (`@gsn/moduli`), each shifted by
 * `epsilon`: the shifted entropy g = 1/(w + ε) (M1), the shifted log-barrier g = 1/(w + ε)² (M2),
 * the hypentropy g = 1/√(w² + ε²) (M3, ε as its β).
 */
export const GRAPH_LEARNING_METRICS = ['entropy', 'log-barrier', 'hypentropy'] as const;
export type GraphLearningMetric = (typeof GRAPH_LEARNING_METRICS)[number];

export interface GraphLearningOptions {
  readonly mode: GraphLearningMode;
  /** Step size η of the moduli optimizer (the other parameters keep Adam's `lr`). */
  readonly lr: number;
  /**
   * ℓ1 weight λ₁ on the mean edge weight. The moduli optimizer minimises the graph objective
   *
   *   F(w) = r · mean_{i ∈ train} ℓ_i + λ₁ Σ_e w_e / |E|,   r = |train| / n,
   *
   * i.e. the loss summed over the labelled nodes and divided by all n nodes, next to the mean
   * edge weight: both averages over the graph, so F does not depend on its size, and an edge
   * next to one labelled node gets the same step whether 5 % or 50 % of the nodes are labelled
   * (the plain mean over 140 planetoid labels made those steps 9× larger than with the 1,300
   * Geom-GCN labels, and the graph overfitted them). An absent edge enters only when
   * −r·dLoss/dw_e > λ₁/|E|.
   */
  readonly l1: number;
  /** Metric of the `natural` and `mirror` steps (ignored by `euclidean` and `off`). */
  readonly metric: GraphLearningMetric;
  /**
   * Shift ε of the metric: the birth speed of an absent edge is ε (entropy, hypentropy) or ε²
   * (log-barrier) times the Euclidean one.
   */
  readonly epsilon: number;
  /** 2-hop candidates (zero weight, may enter) proposed per node; 0 keeps the input edges only. */
  readonly twoHopPerNode: number;
  /**
   * Feature k-NN candidates (zero weight, may enter) proposed per node: its most cosine-similar
   * non-neighbours. On a heterophilous graph they are the edges that join like to like (Texas:
   * 6 % of input edges join nodes of one class, 72 % of the 2 nearest neighbours in features).
   */
  readonly knnPerNode: number;
}

export const GRAPH_LEARNING_DEFAULTS: GraphLearningOptions = Object.freeze({
  mode: 'natural',
  lr: 20,
  l1: 0.07,
  metric: 'entropy',
  epsilon: 0.1,
  twoHopPerNode: 2,
  knnPerNode: 0,
});

export function graphLearningOptions(partial: Partial<GraphLearningOptions> = {}): GraphLearningOptions {
  const o = { ...GRAPH_LEARNING_DEFAULTS, ...partial };
  for (const k of Object.keys(o)) {
    if (!(k in GRAPH_LEARNING_DEFAULTS)) throw new InvalidArgumentError(`graphLearning: unknown option '${k}'`);
  }
  if (!(GRAPH_LEARNING_MODES as readonly string[]).includes(o.mode)) {
    throw new InvalidArgumentError(`graphLearning: mode = '${o.mode}' is not one of ${GRAPH_LEARNING_MODES.join(', ')}`);
  }
  if (!(GRAPH_LEARNING_METRICS as readonly string[]).includes(o.metric)) {
    throw new InvalidArgumentError(`graphLearning: metric = '${o.metric}' is not one of ${GRAPH_LEARNING_METRICS.join(', ')}`);
  }
  if (!(o.lr > 0 && Number.isFinite(o.lr))) throw new InvalidArgumentError(`graphLearning: lr = ${o.lr} is not positive`);
  if (!(o.l1 >= 0 && Number.isFinite(o.l1))) throw new InvalidArgumentError(`graphLearning: l1 = ${o.l1} is negative or not finite`);
  if (!(o.epsilon > 0 && Number.isFinite(o.epsilon))) throw new InvalidArgumentError(`graphLearning: epsilon = ${o.epsilon} is not positive`);
  for (const k of ['twoHopPerNode', 'knnPerNode'] as const) {
    if (!(Number.isInteger(o[k]) && o[k] >= 0)) throw new InvalidArgumentError(`graphLearning: ${k} = ${o[k]} is not a non-negative integer`);
  }
  return Object.freeze(o);
}

/** Face crossings of one layer in one epoch (epochs without crossings are left out). */
export interface GraphEpochEvents {
  readonly epoch: number;
  readonly layer: number;
  readonly removed: number;
  readonly entered: number;
}

/** One layer's learned graph: the candidate edges with their initial and kept weights. */
export interface LearnedLayerGraph {
  readonly layer: number;
  readonly nodes: number;
  readonly src: readonly number[];
  readonly dst: readonly number[];
  readonly kind: readonly CandidateKindName[];
  /** Weights at initialisation (added candidates at 0). */
  readonly initial: readonly number[];
  /** Weights at the kept epoch (best validation), as the optimizer stored them. */
  readonly final: readonly number[];
  /** Face crossings over the whole run. */
  readonly removed: number;
  readonly entered: number;
}

/** What graph learning reports for one run. */
export interface GraphRunResult {
  readonly mode: GraphLearningMode;
  readonly keptEpoch: number;
  readonly layers: readonly LearnedLayerGraph[];
  readonly events: readonly GraphEpochEvents[];
}

/**
 * Handed to `trainSplit` / `trainRuns` (`hooks.graph`): the optimizer of a run (calling it
 * starts a new run record), the epoch marks, the run's result.
 */
export interface GraphLearningHooks {
  /** `labelledFraction` r = |train| / n of the run's split scales the loss in the graph objective (see `l1`). */
  optimizer(options: TrainOptions, model: OptimizedModel, labelledFraction: number): GradientTransformation;
  /** After each epoch's evaluation; `kept` = this epoch is now the one the run keeps. */
  onEpoch(epoch: number, kept: boolean): void;
  finish(): GraphRunResult;
  /** The run's state between epochs (for checkpoints): the moduli optimizer's points and counts, kept weights, crossings. */
  snapshot(): GraphLearningSnapshot;
  /** Continues the run from a `snapshot()` (after `optimizer(...)` and its `init`); refuses one of other options or candidates. */
  restore(saved: GraphLearningSnapshot): void;
}

/** Per edge-weight parameter `<name>`: `<name>.initial`, `<name>.kept` and (not in `off` mode) `<name>.point`. */
export interface GraphLearningSnapshot {
  readonly arrays: Readonly<Record<string, Float32Array>>;
  /** JSON-serialisable. */
  readonly meta: {
    readonly options: GraphLearningOptions;
    readonly candidates: number;
    readonly epoch: number;
    readonly keptEpoch: number;
    readonly events: readonly GraphEpochEvents[];
    /** Per parameter: moduli updates made (`ModuliState.count`) and face crossings so far. */
    readonly params: readonly { readonly name: string; readonly count: number; readonly removed: number; readonly entered: number }[];
  };
}

/** Why `saved` cannot continue a run of `options` on `candidates` edges with parameters `names`, or null. */
function snapshotMismatch(saved: GraphLearningSnapshot, options: GraphLearningOptions, candidates: number, names: readonly string[]): string | null {
  const m = saved?.meta;
  if (!m || !Array.isArray(m.params) || !Array.isArray(m.events)) return 'it has no graph-learning metadata';
  // Snapshots from before k-NN candidates and the metric option existed were made without k-NN candidates, with the entropy metric.
  const made: Record<string, unknown> = { knnPerNode: 0, metric: 'entropy', ...(m.options as Partial<GraphLearningOptions>) };
  const keys = Object.keys(options) as (keyof GraphLearningOptions)[];
  if (Object.keys(made).length !== keys.length || keys.some((k) => made[k] !== options[k])) {
    return `it was made with ${JSON.stringify(m.options)}, this run uses ${JSON.stringify(options)}`;
  }
  if (![m.epoch, m.keptEpoch].every((k) => Number.isInteger(k) && k >= 0)) return `its epoch counters ${m.epoch}, ${m.keptEpoch} are not non-negative integers`;
  if (m.candidates !== candidates) return `it has ${m.candidates} candidate edges, this run ${candidates}`;
  const savedNames = m.params.map((p) => p.name).sort();
  if (JSON.stringify(savedNames) !== JSON.stringify([...names].sort())) return `it holds the parameters ${savedNames.join(', ')}, this run ${names.join(', ')}`;
  for (const { name, count, removed, entered } of m.params) {
    if (![count, removed, entered].every((k) => Number.isInteger(k) && k >= 0)) return `${name}: its counts ${count}, ${removed}, ${entered} are not non-negative integers`;
    for (const part of options.mode === 'off' ? ['initial', 'kept'] : ['initial', 'kept', 'point']) {
      const a = saved.arrays[`${name}.${part}`];
      if (!(a instanceof Float32Array) || a.length !== candidates) return `${name}.${part} is missing or has ${a?.length ?? 0} of ${candidates} weights`;
    }
  }
  return null;
}

const EDGE_WEIGHTS = /^layer(\d+)\.edgeWeights$/;

const METRICS: Record<GraphLearningMetric, (epsilon: number) => HessianMetric> = {
  entropy: entropyMetric,
  'log-barrier': logBarrierMetric,
  hypentropy: hypentropyMetric,
};

/** Whether a network parameter is a layer's edge weights (the moduli point graph learning steps). */
export function isEdgeWeightParam(name: string): boolean {
  return EDGE_WEIGHTS.test(name);
}

/**
 * Graph learning for the stationary network. `graph` is the layers' structure: the moduli
 * graph of the candidate set (input edges plus `twoHopPerNode` 2-hop and `knnPerNode` k-NN
 * candidates at weight 0; the k-NN ones need `features`), or the input graph itself when `mode` is `off`. `model(build)` builds the network on it,
 * with the initial weights `build(input graph)` gives (candidates at 0). `hooks()` gives each
 * run a `partition`: `layer<l>.edgeWeights` to the moduli optimizer (one state per layer, face
 * crossings recorded), everything else to `defaultOptimizer` (Adam with L2).
 */
export function graphLearning(
  input: WeightedGraph,
  options: Partial<GraphLearningOptions> = {},
  features?: NodeFeatures,
): { readonly graph: WeightedGraph; readonly point: ModuliPoint; readonly options: GraphLearningOptions; model<I>(build: (graph: WeightedGraph) => Model<I>): Model<I>; hooks(): GraphLearningHooks } {
  const o = graphLearningOptions(options);
  if (o.mode !== 'off' && o.knnPerNode > 0 && features === undefined) {
    throw new InvalidArgumentError(`graphLearning: knnPerNode = ${o.knnPerNode} needs the node features (k-NN candidates are cosine neighbours in them)`);
  }
  const point =
    o.mode === 'off'
      ? moduliPoint(input, { dtype: 'float32' })
      : moduliPoint(input, { twoHopPerNode: o.twoHopPerNode, knnPerNode: o.knnPerNode, ...(o.knnPerNode > 0 ? { features } : {}), dtype: 'float32' });
  const graph = moduliGraph(point) as WeightedGraph;
  const layerOf = (name: string) => Number(EDGE_WEIGHTS.exec(name)![1]);

  // The network's initial weights on the input graph alone (its init may depend on the
  // structure, e.g. 1/√(d_i d_j) with binary degrees, which zero-weight candidates would inflate),
  // placed at the input edges of the candidate set; candidates start at 0 (absent).
  const inputPoint = o.mode === 'off' ? point : moduliPoint(input, { dtype: 'float32' });
  const inputGraph = o.mode === 'off' ? graph : (moduliGraph(inputPoint) as WeightedGraph);
  const position = new Map<number, number>();
  for (let e = 0; e < point.src.length; e++) position.set(point.src[e] * point.nodes + point.dst[e], e);
  const inputEdgeAt = Int32Array.from(inputPoint.src, (u, e) => position.get(u * point.nodes + inputPoint.dst[e])!);

  // The step η G⁻¹∇F = ηr G⁻¹(∇mean ℓ + λ₁/(r|E|)), so the optimizer takes the plain mean loss's
  // gradient (max(1, ·): an edgeless input has no weights for λ₁ to act on).
  const runOptimizer = (r: number): ModuliOptimizer | null =>
    o.mode === 'off'
      ? null
      : moduliOptimizer({
          metric: o.mode === 'euclidean' ? euclideanMetric() : METRICS[o.metric](o.epsilon),
          lr: o.lr * r,
          l1: o.l1 / (r * Math.max(1, inputPoint.src.length)),
          step: o.mode === 'mirror' ? 'mirror' : 'natural',
        });

  function model<I>(build: (graph: WeightedGraph) => Model<I>): Model<I> {
    const inner = build(graph);
    const reference = o.mode === 'off' ? inner : build(inputGraph);
    return {
      ...inner,
      init(rng, dims) {
        // inner.init only to reset its solver caches, on its own rng: `rng` stays as `off` mode uses it.
        if (reference !== inner) tf.dispose(Object.values(inner.init(createRng(0), dims)));
        const params = reference.init(rng, dims);
        const out: Record<string, tf.Tensor> = { ...params };
        for (const name of Object.keys(params)) {
          if (!EDGE_WEIGHTS.test(name)) continue;
          const given = params[name].dataSync();
          if (given.length !== inputPoint.src.length) {
            throw new InvalidArgumentError(`graphLearning: ${name} has ${given.length} weights, the input graph ${inputPoint.src.length} edges`);
          }
          const w = new Float32Array(point.src.length);
          for (let e = 0; e < given.length; e++) w[inputEdgeAt[e]] = given[e];
          params[name].dispose();
          out[name] = tf.tensor1d(w, 'float32');
        }
        return out;
      },
      apply: inner.apply.bind(inner),
      ...(inner.stats ? { stats: inner.stats.bind(inner) } : {}),
    };
  }

  function hooks(): GraphLearningHooks {
    // One run at a time: `optimizer` (called once at the start of each run) resets this record.
    const states = new Map<string, ModuliState>();
    let optimizer: ModuliOptimizer | null = null;
    const initial = new Map<string, Float32Array>();
    const kept = new Map<string, Float32Array>();
    let events: GraphEpochEvents[] = [];
    const totals = new Map<string, { removed: number; entered: number }>();
    let keptEpoch = 0;
    let epoch = 0;

    const graphTransform: GradientTransformation = {
      init(params) {
        for (const name of Object.keys(params)) {
          const w = Float32Array.from(params[name].dataSync());
          initial.set(name, w);
          kept.set(name, w);
          totals.set(name, { removed: 0, entered: 0 });
          if (optimizer) states.set(name, optimizer.init(withPointWeights(point, Float32Array.from(w))));
        }
        return 0;
      },
      update(grads, _state, params) {
        epoch++;
        const updates: Record<string, tf.Tensor> = {};
        for (const name of Object.keys(grads)) {
          if (!optimizer) {
            updates[name] = tf.zerosLike(params[name]);
            continue;
          }
          const r = optimizer.update(grads[name].dataSync() as Float32Array, states.get(name)!, { epoch, layer: layerOf(name) });
          states.set(name, r.state);
          if (r.events.length) {
            const removed = r.events.filter((ev) => ev.kind === 'removed').length;
            const entered = r.events.length - removed;
            events.push({ epoch, layer: layerOf(name), removed, entered });
            const t = totals.get(name)!;
            totals.set(name, { removed: t.removed + removed, entered: t.entered + entered });
          }
          // Setting the parameter to the optimizer's weights (w⁺ − w), so the network sees
          // exactly the moduli point, zeros included.
          updates[name] = tf.sub(tf.tensor1d(r.weights as Float32Array, 'float32'), params[name]);
        }
        return { updates, state: epoch };
      },
    };

    return {
      optimizer(options, net, labelledFraction) {
        // validates labelledFraction before anything is reset
        const rest = defaultOptimizer(
          options,
          {
            decays: net.decays?.bind(net),
            decayScale: net.decayScale?.bind(net),
            ...(net.nonNegative ? { nonNegative: (n: string) => !isEdgeWeightParam(n) && net.nonNegative!(n) } : {}),
          },
          labelledFraction,
        );
        optimizer = runOptimizer(labelledFraction);
        for (const m of [states, initial, kept, totals]) m.clear();
        events = [];
        keptEpoch = 0;
        epoch = 0;
        return partition({ graph: graphTransform, net: rest }, (n) => (isEdgeWeightParam(n) ? 'graph' : 'net'));
      },
      onEpoch(e, isKept) {
        if (!isKept) return;
        keptEpoch = e;
        for (const [name, s] of states) kept.set(name, Float32Array.from(s.point.weights));
      },
      finish() {
        const names = [...initial.keys()].sort((a, b) => layerOf(a) - layerOf(b));
        return {
          mode: o.mode,
          keptEpoch,
          events,
          layers: names.map((name) => ({
            layer: layerOf(name),
            nodes: point.nodes,
            src: Array.from(point.src),
            dst: Array.from(point.dst),
            kind: Array.from(point.candidateKind, (k) => CANDIDATE_KIND_NAMES[k]),
            initial: Array.from(initial.get(name)!),
            final: Array.from(kept.get(name)!),
            removed: totals.get(name)!.removed,
            entered: totals.get(name)!.entered,
          })),
        };
      },
      snapshot() {
        const arrays: Record<string, Float32Array> = {};
        for (const [name, w] of initial) arrays[`${name}.initial`] = Float32Array.from(w);
        for (const [name, w] of kept) arrays[`${name}.kept`] = Float32Array.from(w);
        for (const [name, st] of states) arrays[`${name}.point`] = Float32Array.from(st.point.weights);
        const params = [...initial.keys()].map((name) => ({ name, count: states.get(name)?.count ?? 0, ...totals.get(name)! }));
        return { arrays, meta: { options: o, candidates: point.src.length, epoch, keptEpoch, events: events.map((ev) => ({ ...ev })), params } };
      },
      restore(saved) {
        const why = snapshotMismatch(saved, o, point.src.length, [...initial.keys()]);
        if (why) throw new InvalidArgumentError(`graphLearning: cannot continue from the saved graph-learning state: ${why}`);
        for (const { name, count, removed, entered } of saved.meta.params) {
          initial.set(name, Float32Array.from(saved.arrays[`${name}.initial`]));
          kept.set(name, Float32Array.from(saved.arrays[`${name}.kept`]));
          totals.set(name, { removed, entered });
          // the state is plain data (`ModuliState`): the point at the saved weights, after `count` updates
          if (optimizer) states.set(name, { ...optimizer.init(withPointWeights(point, Float32Array.from(saved.arrays[`${name}.point`]))), count });
        }
        events = saved.meta.events.map((ev) => ({ ...ev }));
        keptEpoch = saved.meta.keptEpoch;
        epoch = saved.meta.epoch;
      },
    };
  }

  return { graph, point, options: o, model, hooks };
}
