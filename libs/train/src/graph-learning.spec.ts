import * as tf from '@tensorflow/tfjs';
import { weightedGraph } from '@gsn/graph';
import { CandidateKind } from '@gsn/moduli';
import { createRng, InvalidArgumentError, useBackend } from '@gsn/tensor';
import { graphLearning, graphLearningOptions, type GraphLearningMetric } from './graph-learning';
import { stationaryNetwork } from './stationary-network';
import { ringTask } from './testing';
import { trainOptions } from './options';
import { defaultOptimizer, trainSplit } from './train-split';

beforeAll(() => useBackend('cpu'));

const n = 40;
const cycle = (nodes: number) => weightedGraph({ nodes, src: Array.from({ length: nodes }, (_, i) => i), dst: Array.from({ length: nodes }, (_, i) => (i + 1) % nodes) });
const ring = cycle(n);
const small = { layers: 1, channels: 3 };

describe('graphLearning', () => {
  it('gives the layers the moduli graph: input edges plus 2-hop candidates at weight 0, input weights as on the input graph', () => {
    const { task } = ringTask();
    const learning = graphLearning(ring, { twoHopPerNode: 2 });
    expect(learning.graph.src.length).toBe(2 * n); // ring edges + the 2-hop chords i ~ i+2
    const params = learning.model((g) => stationaryNetwork(g, small)).init(createRng(1), task.dims);
    const w = params['layer0.edgeWeights'].dataSync();
    const reference = stationaryNetwork(ring, small).init(createRng(1), task.dims);
    for (let e = 0; e < w.length; e++) {
      // On the input graph alone every degree is 2: 1/√(2·2), not 1/√(4·4) from the candidates.
      expect(w[e]).toBe(learning.point.candidateKind[e] === CandidateKind.input ? 0.5 : 0);
    }
    expect(params['input.weight'].dataSync()).toEqual(reference['input.weight'].dataSync());
    tf.dispose([...Object.values(params), ...Object.values(reference)]);
  });

  it('adds feature k-NN candidates at weight 0 when given the features, and refuses k-NN without them', () => {
    // Features put node i next to node i + n/2 (one shared coordinate), a non-neighbour on the ring.
    const half = n / 2;
    const features = { nRows: n, nCols: half, rowPtr: Int32Array.from({ length: n + 1 }, (_, i) => i), colIdx: Int32Array.from({ length: n }, (_, i) => i % half), values: new Float32Array(n).fill(1) };
    const learning = graphLearning(ring, { twoHopPerNode: 0, knnPerNode: 1 }, features);
    const knn = [...learning.point.candidateKind.keys()].filter((e) => learning.point.candidateKind[e] === CandidateKind.knn);
    expect(knn.map((e) => [learning.point.src[e], learning.point.dst[e]])).toEqual(Array.from({ length: half }, (_, i) => [i, i + half]));
    expect(learning.graph.src.length).toBe(n + half);
    expect(() => graphLearning(ring, { knnPerNode: 1 })).toThrow(/knnPerNode = 1 needs the node features/);
    expect(graphLearning(ring, { mode: 'off', knnPerNode: 1 }).graph.src.length).toBe(n); // off: the input graph, no candidates
  });

  it('natural: edge weights follow the moduli optimizer (≥ 0, crossings recorded), kept weights are the best epoch', () => {
    const { task, split } = ringTask();
    const learning = graphLearning(ring, { mode: 'natural', lr: 50, twoHopPerNode: 2 });
    const model = learning.model((g) => stationaryNetwork(g, small));
    const before = tf.memory().numTensors;
    const r = trainSplit(model, task, split, 3, { epochs: 12, patience: 50 }, { graph: learning.hooks() });
    expect(tf.memory().numTensors).toBe(before);
    const g = r.graph!;
    expect(g.mode).toBe('natural');
    expect(g.keptEpoch).toBe(r.bestEpoch);
    const layer = g.layers[0];
    expect(layer.final.every((x) => x >= 0)).toBe(true);
    expect(layer.final.some((x, e) => x !== layer.initial[e])).toBe(true);
    const events = g.events.reduce((s, e) => s + e.removed + e.entered, 0);
    expect(layer.removed + layer.entered).toBe(events);
    expect(r.valLosses).toHaveLength(r.epochs);
  });

  it('off: edge weights stay at their initial values, no candidates, no crossings', () => {
    const { task, split } = ringTask();
    const learning = graphLearning(ring, { mode: 'off' });
    expect(learning.graph.src.length).toBe(n);
    const r = trainSplit(learning.model((g) => stationaryNetwork(g, small)), task, split, 3, { epochs: 4 }, { graph: learning.hooks() });
    const layer = r.graph!.layers[0];
    expect(layer.final).toEqual(layer.initial);
    expect(layer.removed + layer.entered).toBe(0);
  });

  it('resets its record at each run (hooks shared by trainRuns)', () => {
    const { task, split } = ringTask();
    const learning = graphLearning(ring, { mode: 'euclidean', lr: 50 });
    const hooks = learning.hooks();
    const model = learning.model((g) => stationaryNetwork(g, small));
    const a = trainSplit(model, task, split, 3, { epochs: 3 }, { graph: hooks });
    const b = trainSplit(model, task, split, 3, { epochs: 3 }, { graph: hooks });
    expect(b.graph).toEqual(a.graph);
  });

  /**
   * One update of graph learning's optimizer (η = 2, λ₁ = 0.3, ε = 0.1) on a cycle of `nodes`
   * edges at labelled fraction r; `expected(w, a)` is the new weight for weight w and
   * a = r·dℓ/dw + λ₁/|E|, checked against the update on every edge.
   */
  function expectOneStep(mode: 'natural' | 'mirror', nodes: number, r: number, expected: (w: number, a: number) => number, metric: GraphLearningMetric = 'entropy') {
    const learning = graphLearning(cycle(nodes), { mode, metric, lr: 2, l1: 0.3, epsilon: 0.1, twoHopPerNode: 0 });
    const w = Float32Array.from({ length: nodes }, (_, e) => 0.1 * (e % 4));
    const g = Float32Array.from({ length: nodes }, (_, e) => 0.05 * ((e % 3) - 1));
    const params = { 'layer0.edgeWeights': tf.tensor1d(w) };
    const grads = { 'layer0.edgeWeights': tf.tensor1d(g) };
    const transform = learning.hooks().optimizer(trainOptions(), { decays: () => false }, r);
    const { updates } = transform.update(grads, transform.init(params), params);
    const step = updates['layer0.edgeWeights'].dataSync();
    for (let e = 0; e < nodes; e++) expect(step[e]).toBeCloseTo(expected(w[e], r * g[e] + 0.3 / nodes) - w[e], 6);
    tf.dispose([...Object.values(params), ...Object.values(grads), ...Object.values(updates)]);
  }

  it('steps along F = r·mean loss + λ₁ Σw/|E|: w⁺ = max(0, w − η(w + ε)(r·dℓ/dw + λ₁/|E|)), r the labelled fraction', () => {
    for (const [nodes, r] of [[8, 0.5], [40, 0.05]]) expectOneStep('natural', nodes, r, (w, a) => Math.max(0, w - 2 * (w + 0.1) * a));
  });

  it('mirror: the mirror step of the entropy potential on the same F, w⁺ = max(0, (w + ε)·exp(−η(r·dℓ/dw + λ₁/|E|)) − ε)', () => {
    expectOneStep('mirror', 8, 0.5, (w, a) => Math.max(0, (w + 0.1) * Math.exp(-2 * a) - 0.1));
  });

  it('steps by the log-barrier metric g = 1/(w + ε)² and the hypentropy metric g = 1/√(w² + ε²) when given', () => {
    expectOneStep('natural', 8, 0.5, (w, a) => Math.max(0, w - 2 * (w + 0.1) ** 2 * a), 'log-barrier');
    expectOneStep('natural', 8, 0.5, (w, a) => Math.max(0, w - 2 * Math.hypot(w, 0.1) * a), 'hypentropy');
    // the log-barrier's mirror step: h'(w) = −1/(w + ε), so w⁺ + ε = 1/(1/(w + ε) + η a)
    expectOneStep('mirror', 8, 0.5, (w, a) => Math.max(0, 1 / (1 / (w + 0.1) + 2 * a) - 0.1), 'log-barrier');
  });

  it("keeps the network's decayScale: its weights decay at weightDecay·decayScale(r), as under defaultOptimizer", () => {
    const learning = graphLearning(cycle(8), { mode: 'natural', twoHopPerNode: 0 });
    const model = learning.model((g) => stationaryNetwork(g, small));
    expect(model.decayScale!(0.25)).toBe(2);
    const params = { 'input.weight': tf.tensor1d([1, -0.15]), 'layer0.edgeWeights': tf.fill([8], 0.5) };
    const grads = { 'input.weight': tf.tensor1d([0.3, 0.1]), 'layer0.edgeWeights': tf.zeros([8]) };
    const stepOf = (t: ReturnType<typeof defaultOptimizer>) => t.update(grads, t.init(params), params).updates['input.weight'].dataSync();
    const o = trainOptions({ weightDecay: 0.5 });
    // With Adam's first step ≈ −lr·sign(g + λθ), the decay shows as the sign it gives the step.
    expect(Array.from(stepOf(learning.hooks().optimizer(o, model, 0.25)))).toEqual(Array.from(stepOf(defaultOptimizer(o, model, 0.25))));
    expect(Array.from(stepOf(learning.hooks().optimizer(o, model, 0.25))).map(Math.sign)).toEqual([-1, 1]);
    expect(Array.from(stepOf(learning.hooks().optimizer(o, { decays: model.decays }, 0.25))).map(Math.sign)).toEqual([-1, -1]);
    tf.dispose([...Object.values(params), ...Object.values(grads)]);
  });

  it('restores a snapshot made before k-NN candidates and metrics existed (no knnPerNode: none; no metric: entropy), refuses one of other options', () => {
    const { task, split } = ringTask();
    const learning = graphLearning(ring, { mode: 'natural', twoHopPerNode: 0 });
    const hooks = learning.hooks();
    trainSplit(learning.model((g) => stationaryNetwork(g, small)), task, split, 3, { epochs: 2 }, { graph: hooks });
    const saved = hooks.snapshot();
    const { knnPerNode, metric, ...older } = saved.meta.options;
    expect([knnPerNode, metric]).toEqual([0, 'entropy']);
    expect(() => hooks.restore({ ...saved, meta: { ...saved.meta, options: older as typeof saved.meta.options } })).not.toThrow();
    expect(() => hooks.restore({ ...saved, meta: { ...saved.meta, options: { ...saved.meta.options, knnPerNode: 1 } } })).toThrow(/made with .*"knnPerNode":1/);
    expect(() => hooks.restore({ ...saved, meta: { ...saved.meta, options: { ...saved.meta.options, metric: 'log-barrier' } } })).toThrow(/made with .*"metric":"log-barrier"/);
  });

  it('refuses a labelled fraction outside (0, 1]', () => {
    const hooks = graphLearning(cycle(8), { mode: 'natural' }).hooks();
    for (const r of [0, 1.5, Number.NaN]) expect(() => hooks.optimizer(trainOptions(), { decays: () => false }, r)).toThrow(/labelled fraction/);
  });

  it('validates its options, naming the field', () => {
    expect(() => graphLearningOptions({ lr: 0 })).toThrow(/lr/);
    expect(() => graphLearningOptions({ mode: 'adam' as never })).toThrow(InvalidArgumentError);
    expect(() => graphLearningOptions({ twoHopPerNode: 1.5 })).toThrow(/twoHopPerNode/);
    expect(() => graphLearningOptions({ knnPerNode: -1 })).toThrow(/knnPerNode/);
    expect(() => graphLearningOptions({ l1: -1 })).toThrow(/l1/);
    expect(() => graphLearningOptions({ metric: 'fisher' as never })).toThrow(/metric = 'fisher' is not one of entropy, log-barrier, hypentropy/);
  });
});
