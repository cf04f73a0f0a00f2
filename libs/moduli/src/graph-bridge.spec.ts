import { laplacianMatVec, withWeights } from '@gsn/graph';
import type { WeightedGraph } from '@gsn/graph';
import { createRng } from '@gsn/tensor';
import { moduliPoint } from './candidates';
import { moduliGraph } from './graph-bridge';
import { entropyMetric } from './metrics';
import { moduliOptimizer } from './moduli-optimizer';
import type { FaceEvent } from './moduli-optimizer';
import { kktResidual } from './steps';

describe('moduliGraph', () => {
  it('keeps every candidate edge in the point order, zero weights as explicit entries', () => {
    const point = moduliPoint({ nodes: 4, src: [0, 1, 2], dst: [1, 2, 3], weights: Float32Array.from([1, 2, 3]) }, { twoHopPerNode: 2 });
    const g = moduliGraph(point);
    expect(g.weights).toBeInstanceOf(Float32Array);
    expect(Array.from(g.src)).toEqual(Array.from(point.src));
    expect(Array.from(g.dst)).toEqual(Array.from(point.dst));
    expect(Array.from(g.weights)).toEqual(Array.from(point.weights));
    expect(g.adjacency.colIdx.length).toBe(2 * point.src.length);
    expect(Array.from(g.adjacency.values).filter((v) => v === 0).length).toBe(4); // two 2-hop edges, both directions
  });

  it('P9 in a training loop: learns a Laplacian L_w X = T, removing a wrong edge and admitting a missing one', () => {
    // Truth: a 6-cycle whose edge (0,1) is absent and whose chord (0,2) (a 2-hop candidate) is present.
    const n = 6;
    const c = 8;
    const cycle = { nodes: n, src: [0, 1, 2, 3, 4, 5], dst: [1, 2, 3, 4, 5, 0] };
    const point = moduliPoint(cycle, { twoHopPerNode: 2, dtype: 'float64' });
    const truth = new Float64Array(point.src.length);
    point.src.forEach((u, e) => {
      const v = point.dst[e];
      const input = point.candidateKind[e] === 0;
      truth[e] = (u === 0 && v === 1) || !input ? 0 : 1;
      if (u === 0 && v === 2) truth[e] = 0.8;
    });
    const rng = createRng(21);
    const X = Float64Array.from({ length: n * c }, () => rng.normal());
    const target = laplacianMatVec(withWeights(moduliGraph(point), truth), X, c);

    // A little l1 makes the zeros of the truth strictly complementary (dF > 0 there), so they
    // are reached exactly rather than approached.
    const l1 = 1e-2;
    const opt = moduliOptimizer({ metric: entropyMetric(0.1), lr: 0.02, l1 });
    let graph: WeightedGraph = moduliGraph(point);
    let state = opt.init(point);
    const events: FaceEvent[] = [];
    const gradient = (g: WeightedGraph): Float64Array => {
      // loss = 1/2 |L_w X - T|^2, dloss/dw_e = <r_u - r_v, x_u - x_v> with r = L_w X - T.
      const r = laplacianMatVec(g, X, c);
      for (let i = 0; i < r.length; i++) r[i] -= target[i];
      return Float64Array.from(g.src, (u, e) => {
        const v = g.dst[e];
        let s = 0;
        for (let k = 0; k < c; k++) s += (r[u * c + k] - r[v * c + k]) * (X[u * c + k] - X[v * c + k]);
        return s;
      });
    };
    for (let epoch = 0; epoch < 3000; epoch++) {
      const r = opt.update(gradient(graph), state, { epoch, layer: 0 });
      state = r.state;
      events.push(...r.events);
      graph = withWeights(graph, r.weights);
    }
    const w = state.point.weights;
    for (let e = 0; e < w.length; e++) expect(Math.abs(w[e] - truth[e])).toBeLessThan(1e-2); // l1 shrinks a little
    expect(kktResidual(w, gradient(graph), l1).value).toBeLessThan(1e-8);
    const removed = events.filter((ev) => ev.kind === 'removed').map((ev) => `${ev.u}-${ev.v}`);
    const entered = events.filter((ev) => ev.kind === 'entered').map((ev) => `${ev.u}-${ev.v}`);
    expect(removed).toContain('0-1');
    expect(entered).toContain('0-2');
    expect(w[0]).toBe(0); // (0,1) sits exactly on the face
  });
});
