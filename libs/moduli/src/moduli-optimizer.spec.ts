import { InvalidArgumentError, ShapeError, createRng } from '@gsn/tensor';
import { moduliPoint } from './candidates';
import { entropyMetric, euclideanMetric, hypentropyMetric, logBarrierMetric } from './metrics';
import { moduliOptimizer, softplusOptimizer } from './moduli-optimizer';
import type { FaceEvent, ModuliOptimizer, ModuliState } from './moduli-optimizer';
import { relabelNodes } from './moduli-point';
import type { ModuliPoint } from './moduli-point';

/** A 4-cycle 0-1-2-3-0 plus the two diagonals as zero-weight 2-hop candidates. */
function square(): ModuliPoint {
  return moduliPoint(
    { nodes: 4, src: [0, 1, 2, 3], dst: [1, 2, 3, 0], weights: Float64Array.from([1, 0.5, 2, 1]) },
    { twoHopPerNode: 1 },
  );
}

const OPTIMIZERS: [string, ModuliOptimizer][] = [
  ['euclidean natural', moduliOptimizer({ metric: euclideanMetric(), lr: 0.1 })],
  ['entropy natural (NG-M1)', moduliOptimizer({ metric: entropyMetric(0.1), lr: 0.1 })],
  ['entropy mirror (MD-M1)', moduliOptimizer({ metric: entropyMetric(0.1), lr: 0.1, step: 'mirror' })],
  ['log-barrier natural (NG-M2)', moduliOptimizer({ metric: logBarrierMetric(0.1), lr: 0.1 })],
  ['hypentropy natural (NG-M3)', moduliOptimizer({ metric: hypentropyMetric(0.1), lr: 0.1 })],
  ['hypentropy mirror', moduliOptimizer({ metric: hypentropyMetric(0.1), lr: 0.1, step: 'mirror' })],
];

describe('moduliOptimizer', () => {
  it.each(OPTIMIZERS)(
    'P9 %s: an edge pushed by dF > 0 reaches exactly 0, stays while dF >= 0, re-enters when dF < 0; events record it',
    (_, opt) => {
      const point = square();
      expect(Array.from(point.src)).toEqual([0, 0, 0, 1, 1, 2]);
      expect(Array.from(point.dst)).toEqual([1, 2, 3, 2, 3, 3]);
      expect(Array.from(point.weights)).toEqual([1, 0, 1, 0.5, 0, 2]);
      // F(w) = 1/2 |w - target|^2: edge (0,1) is first pushed below zero (target -1), then pulled
      // back (target 1); diagonal (1,3) is pulled in from the start; diagonal (0,2) has dF = 0 at
      // w = 0 and stays out (KKT on the face); the cycle's other edges stay inside.
      const target = Float64Array.from([-1, 0, 1, 0.5, 0.8, 2]);
      let state: ModuliState = opt.init(point);
      const events: FaceEvent[] = [];
      let removedAt = -1;
      for (let epoch = 0; epoch < 400; epoch++) {
        if (epoch === 200) target[0] = 1;
        const w = state.point.weights;
        const grad = w.map((x, e) => x - target[e]);
        const r = opt.update(grad, state, { epoch, layer: 2 });
        expect(r.weights).toBe(r.state.point.weights);
        expect(r.events).toBe(r.state.events);
        events.push(...r.events);
        state = r.state;
        if (removedAt < 0 && state.point.weights[0] === 0) removedAt = epoch;
        if (removedAt >= 0 && epoch < 200) expect(state.point.weights[0]).toBe(0); // stays on the face
      }
      expect(removedAt).toBeGreaterThanOrEqual(0);
      expect(removedAt).toBeLessThan(200);
      expect(state.point.weights[0]).toBeGreaterThan(0.99); // re-entered and converged to 1
      expect(state.point.weights[4]).toBeGreaterThan(0.79); // diagonal (1,3) entered
      expect(state.point.weights[1]).toBe(0); // diagonal (0,2) never entered
      expect(state.count).toBe(400);
      expect(events).toEqual([
        { edge: 4, u: 1, v: 3, kind: 'entered', epoch: 0, layer: 2, candidate: 'two-hop' },
        { edge: 0, u: 0, v: 1, kind: 'removed', epoch: removedAt, layer: 2, candidate: 'input' },
        { edge: 0, u: 0, v: 1, kind: 'entered', epoch: 200, layer: 2, candidate: 'input' },
      ]);
    },
  );

  it('P11: relabelling the nodes permutes the step and the events accordingly', () => {
    const rng = createRng(11);
    const n = 12;
    const src: number[] = [];
    const dst: number[] = [];
    for (let u = 0; u < n; u++) {
      for (let v = u + 1; v < n; v++) {
        if (rng.next() < 0.3) {
          src.push(u);
          dst.push(v);
        }
      }
    }
    const weights = Float64Array.from(src, () => (rng.next() < 0.3 ? 0.01 : rng.next()));
    const point = moduliPoint({ nodes: n, src, dst, weights }, { twoHopPerNode: 2 });
    const perm = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [perm[i], perm[j]] = [perm[j], perm[i]];
    }
    const { point: relabelled, edgeMap } = relabelNodes(point, perm);
    const grad = Float64Array.from(point.weights, () => rng.normal());
    const gradRelabelled = new Float64Array(grad.length);
    edgeMap.forEach((k, e) => (gradRelabelled[k] = grad[e]));
    for (const step of ['natural', 'mirror'] as const) {
      const opt = moduliOptimizer({ metric: entropyMetric(0.1), lr: 0.5, l1: 0.01, step });
      const a = opt.update(grad, opt.init(point), { epoch: 3, layer: 0 });
      const b = opt.update(gradRelabelled, opt.init(relabelled), { epoch: 3, layer: 0 });
      edgeMap.forEach((k, e) => expect(b.weights[k]).toBe(a.weights[e]));
      expect(a.events.length).toBeGreaterThan(0);
      const mapped = a.events.map((ev) => ({
        ...ev,
        edge: edgeMap[ev.edge],
        u: Math.min(perm[ev.u], perm[ev.v]),
        v: Math.max(perm[ev.u], perm[ev.v]),
      }));
      expect([...b.events].sort((x, y) => x.edge - y.edge)).toEqual(mapped.sort((x, y) => x.edge - y.edge));
    }
  });

  it('does not mutate its inputs and keeps the weight precision', () => {
    const point = moduliPoint({ nodes: 3, src: [0, 1], dst: [1, 2], weights: Float32Array.from([1, 2]) });
    const opt = moduliOptimizer({ metric: entropyMetric(), lr: 0.5 });
    const state = opt.init(point);
    const grad = Float32Array.from([10, -1]);
    const r = opt.update(grad, state, { epoch: 0, layer: 0 });
    expect(point.weights).toEqual(Float32Array.from([1, 2]));
    expect(state.count).toBe(0);
    expect(r.weights).toBeInstanceOf(Float32Array);
    expect(r.weights[0]).toBe(0);
    expect(r.events.map((e) => e.kind)).toEqual(['removed']);
  });

  it('follows a learning-rate schedule of the update count', () => {
    const point = moduliPoint({ nodes: 2, src: [0], dst: [1] }, { dtype: 'float64' });
    const opt = moduliOptimizer({ metric: euclideanMetric(), lr: (t) => 0.1 / (t + 1) });
    let state = opt.init(point);
    state = opt.update(Float64Array.of(1), state, { epoch: 0, layer: 0 }).state;
    state = opt.update(Float64Array.of(1), state, { epoch: 1, layer: 0 }).state;
    expect(state.point.weights[0]).toBeCloseTo(1 - 0.1 - 0.05, 15);
    const bad = moduliOptimizer({ lr: () => -1 });
    expect(() => bad.update(Float64Array.of(1), bad.init(point), { epoch: 0, layer: 0 })).toThrow(/lr schedule/);
  });

  it('validates options, gradients and context, naming the field', () => {
    const point = moduliPoint({ nodes: 2, src: [0], dst: [1] });
    expect(() => moduliOptimizer({ lr: 0 })).toThrow(InvalidArgumentError);
    expect(() => moduliOptimizer({ l1: -1 })).toThrow(/l1/);
    expect(() => moduliOptimizer({ step: 'newton' as 'natural' })).toThrow(/step/);
    const opt = moduliOptimizer();
    expect(() => opt.update(new Float64Array(2), opt.init(point), { epoch: 0, layer: 0 })).toThrow(ShapeError);
    expect(() => opt.update(Float64Array.of(Infinity), opt.init(point), { epoch: 0, layer: 0 })).toThrow(/grad\[0\]/);
    expect(() => opt.update(Float64Array.of(0), opt.init(point), { epoch: 0.5, layer: 0 })).toThrow(/epoch/);
    expect(() => opt.init({ ...point, weights: Float64Array.of(-1) })).toThrow(InvalidArgumentError);
  });
});

describe('softplusOptimizer (baseline)', () => {
  it('never reaches a face: weights stay > 0 under a constant push towards zero, no events', () => {
    const point = moduliPoint({ nodes: 3, src: [0, 1], dst: [1, 2], weights: Float64Array.from([1, 0]) });
    const opt = softplusOptimizer({ lr: 1 });
    let state = opt.init(point);
    expect(state.point.weights[1]).toBeCloseTo(1e-6, 12); // zero weights start at the floor
    for (let epoch = 0; epoch < 2000; epoch++) {
      const r = opt.update(Float64Array.from([5, 5]), state, { epoch, layer: 0 });
      expect(r.events).toEqual([]);
      state = r.state;
    }
    expect(state.point.weights[0]).toBeGreaterThan(0);
    expect(state.point.weights[0]).toBeLessThan(1e-3);
    expect(state.point.weights[1]).toBeGreaterThan(0);
    const euclid = moduliOptimizer({ metric: euclideanMetric(), lr: 1 });
    const r = euclid.update(Float64Array.from([5, 5]), euclid.init(point), { epoch: 0, layer: 0 });
    expect(Array.from(r.weights)).toEqual([0, 0]); // the moduli step does cross
  });

  it('is gradient descent on theta with w = softplus(theta)', () => {
    const point = moduliPoint({ nodes: 2, src: [0], dst: [1], weights: Float64Array.of(2) });
    const opt = softplusOptimizer({ lr: 0.1, l1: 0.5 });
    const state = opt.init(point);
    const theta = state.theta[0];
    expect(Math.log1p(Math.exp(theta))).toBeCloseTo(2, 14);
    const next = opt.update(Float64Array.of(1), state, { epoch: 0, layer: 0 }).state;
    const expected = theta - 0.1 * (1 / (1 + Math.exp(-theta))) * 1.5;
    expect(next.theta[0]).toBeCloseTo(expected, 14);
    expect(next.point.weights[0]).toBeCloseTo(Math.log1p(Math.exp(expected)), 14);
    expect(() => softplusOptimizer({ floor: 0 })).toThrow(/floor/);
  });
});
