import { createRng } from '@gsn/tensor';
import { gaugeComponents, isStationaryGauge, rescaleStationaryNodes, type StationaryEdge } from './stationary';
import { reluStationaryState } from './testing';
import { normBalancingPenalty } from './penalty';
import { forwardBackward } from '@gsn/solvers';
import { weightedGraph } from '@gsn/graph';
import { applyComplexInputMap, reluPotential, stationaryState, type ComplexInputMap, type StationaryLayer } from '@gsn/stationary';
import { randomGraph } from '@gsn/stationary/testing';

/*
 * A two-layer stationary network with the ReLU indicator potential, c channels sharing S:
 * ψ_1 = T_1(S_1 x + b_1), ψ_2 = T_2(S_2 ψ_1 + b_2), y = R ψ_2. The gauge acts on layer-1 nodes.
 */
const N0 = 3;
const N1 = 5;
const N2 = 4;
const C = 2;
const rng = createRng(21);
const randn = (k: number) => Float64Array.from({ length: k }, () => rng.normal());
const S1 = randn(N1 * N0);
const B1 = Float64Array.from({ length: N1 }, () => 0.5 + rng.next());
const S2 = randn(N2 * N1);
const B2 = randn(N2);
const R = randn(2 * N2);
const X = randn(N0 * C);
const V1 = Float64Array.from({ length: N1 }, () => 0.5 + rng.next());
const V2 = Float64Array.from({ length: N2 }, () => 0.5 + rng.next());
const EDGES2: StationaryEdge[] = [
  { i: 0, j: 1, w: 0.7 },
  { i: 1, j: 2, w: 0.4 },
  { i: 2, j: 3, w: 1.1 },
];

function source(s: Float64Array, rows: number, cols: number, input: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(rows * C);
  for (let i = 0; i < rows; i++) for (let c = 0; c < C; c++) {
    let acc = b[i];
    for (let k = 0; k < cols; k++) acc += s[i * cols + k] * input[k * C + c];
    out[i * C + c] = acc;
  }
  return out;
}

function network(edges1: StationaryEdge[], s1: Float64Array, b1: Float64Array, s2: Float64Array): Float64Array {
  const psi1 = reluStationaryState(N1, edges1, V1, source(s1, N1, N0, X, b1), C);
  const psi2 = reluStationaryState(N2, EDGES2, V2, source(s2, N2, N1, psi1, B2), C);
  return source(R, 2, N2, psi2, new Float64Array(2));
}

function relChange(a: Float64Array, b: Float64Array): number {
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0) / b.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
}

describe('stationary layers with the ReLU indicator potential: node rescaling gauge', () => {
  const connected: StationaryEdge[] = [
    { i: 0, j: 1, w: 0.5 },
    { i: 1, j: 2, w: 0.8 },
    { i: 2, j: 3, w: 0.3 },
    { i: 3, j: 4, w: 0.9 },
  ];
  const twoComponents: StationaryEdge[] = [
    { i: 0, j: 1, w: 0.5 },
    { i: 2, j: 3, w: 0.8 },
    { i: 3, j: 4, w: 0.3 },
    { i: 1, j: 4, w: 0 },
  ];
  const perNode = Float64Array.from([0.2, 3.0, 0.7, 5.0, 1.6]);
  const uniform = new Float64Array(N1).fill(3.7);
  const perComponent = Float64Array.from([0.3, 0.3, 4.0, 4.0, 4.0]);

  it.each([
    ['edgeless graph, per-node α', [] as StationaryEdge[], perNode, true],
    ['connected graph, uniform α', connected, uniform, true],
    ['two components, α constant per component', twoComponents, perComponent, true],
    ['connected graph, per-node α', connected, perNode, false],
    ['two components, α varying inside one', twoComponents, perNode, false],
  ])('%s: symmetry iff α commutes with L_w + V', (_name, edges, alpha, isGauge) => {
    expect(isStationaryGauge(N1, edges, alpha)).toBe(isGauge);
    const base = network(edges, S1, B1, S2);
    const moved = rescaleStationaryNodes({ couplings: [S1], bias: B1, next: [S2], nodes: N1 }, alpha);
    const change = relChange(network(edges, moved.couplings[0], moved.bias, moved.next[0]), base);
    if (isGauge) expect(change).toBeLessThan(1e-12);
    else expect(change).toBeGreaterThan(1e-6);
  });

  it('components ignore zero-weight edges', () => {
    expect(Array.from(gaugeComponents(N1, twoComponents))).toEqual([0, 0, 1, 1, 1]);
  });
});

describe('the same gauge on @gsn/stationary layers (complex input maps S = S_re + iS_im, bias (n, 2c))', () => {
  const channels = 2;
  const n0 = 3;
  const n1 = 6;
  const n2 = 4;
  const r = createRng(77);
  const state = (k: number) => Float64Array.from({ length: k }, () => r.normal());
  const map1: ComplexInputMap = { nOut: n1, nIn: n0, sRe: state(n1 * n0), sIm: state(n1 * n0), bias: state(n1 * 2 * channels) };
  const map2: ComplexInputMap = { nOut: n2, nIn: n1, sRe: state(n2 * n1), sIm: state(n2 * n1), bias: state(n2 * 2 * channels) };
  const x = state(n0 * 2 * channels);
  const layer2: StationaryLayer = { graph: randomGraph(r, n2, 2), channels, kappa: 0.8, potential: reluPotential() };
  const solve = (layer: StationaryLayer, s: Float64Array) =>
    stationaryState(layer, s, { solver: forwardBackward, solverOptions: { tol: 1e-15, maxIter: 100000 } }).state as Float64Array;
  const output = (layer1: StationaryLayer, m1: ComplexInputMap, m2: ComplexInputMap) =>
    solve(layer2, applyComplexInputMap(m2, solve(layer1, applyComplexInputMap(m1, x, channels) as Float64Array), channels) as Float64Array);

  it.each([
    ['edgeless, per-node α', weightedGraph({ nodes: n1, src: [], dst: [], dtype: 'float64' }), Float64Array.from([0.2, 3, 0.7, 5, 1.6, 0.4]), true],
    ['connected, uniform α', randomGraph(createRng(5), n1, 3), new Float64Array(n1).fill(2.5), true],
    ['connected, per-node α', randomGraph(createRng(5), n1, 3), Float64Array.from([0.2, 3, 0.7, 5, 1.6, 0.4]), false],
  ])('%s', (_name, graph, alpha, isGauge) => {
    const layer1: StationaryLayer = { graph, channels, kappa: 0.7, potential: reluPotential() };
    const moved = rescaleStationaryNodes({ couplings: [map1.sRe as Float64Array, map1.sIm as Float64Array], bias: map1.bias as Float64Array, next: [map2.sRe as Float64Array, map2.sIm as Float64Array], nodes: n1 }, alpha);
    const m1: ComplexInputMap = { ...map1, sRe: moved.couplings[0], sIm: moved.couplings[1], bias: moved.bias };
    const m2: ComplexInputMap = { ...map2, sRe: moved.next[0], sIm: moved.next[1] };
    const change = relChange(output(layer1, m1, m2), output(layer1, map1, map2));
    if (isGauge) expect(change).toBeLessThan(1e-10);
    else expect(change).toBeGreaterThan(1e-6);
  });

  it('Ω over [S_re, S_im] parts and an (n, 2c) bias: gradient matches central differences', () => {
    const layers = () => [
      { weights: [map1.sRe, map1.sIm], biases: [map1.bias], biasWidth: 2 * channels, fanIn: n0, fanOut: n1 },
      { weights: [map2.sRe, map2.sIm], fanIn: n1, fanOut: n2 },
    ];
    const g = normBalancingPenalty(layers(), 0.3);
    const h = 1e-6;
    for (const [arr, grad] of [
      [map1.bias, g.biasGrads[0][0]],
      [map1.sIm, g.weightGrads[0][1]],
      [map2.sRe, g.weightGrads[1][0]],
    ] as const) {
      for (const p of [0, 5, arr.length - 1]) {
        const keep = arr[p];
        arr[p] = keep + h;
        const fp = normBalancingPenalty(layers(), 0.3).value;
        arr[p] = keep - h;
        const fm = normBalancingPenalty(layers(), 0.3).value;
        arr[p] = keep;
        expect(Math.abs((fp - fm) / (2 * h) - grad[p])).toBeLessThan(1e-6 * (1 + Math.abs(grad[p])));
      }
    }
  });
});

describe('channel-mixing stationary networks (s = X W + b, W acting on channels; the gsn trainer layout)', () => {
  it('per-channel rescaling (column k of W and b_k times α_k, row k of the next map over α_k) is a gauge on ANY graph', () => {
    const n = 6;
    const d = 3;
    const c = 4;
    const out = 2;
    const r = createRng(88);
    const g = (k: number) => Float64Array.from({ length: k }, () => r.normal());
    const x = g(n * d);
    const w = g(d * c); // d x c, tfjs kernel layout [fanIn, fanOut]
    const b = g(c);
    const readout = g(c * out); // c x out
    const edges: StationaryEdge[] = [
      { i: 0, j: 1, w: 0.5 },
      { i: 1, j: 2, w: 0.8 },
      { i: 2, j: 3, w: 0.3 },
      { i: 3, j: 4, w: 0.9 },
      { i: 4, j: 5, w: 0.6 },
      { i: 5, j: 0, w: 0.4 },
    ];
    const v = Float64Array.from({ length: n }, () => 0.5 + r.next());
    const net = (wk: Float64Array, bk: Float64Array, rk: Float64Array) => {
      const s = new Float64Array(n * c);
      for (let i = 0; i < n; i++) for (let k = 0; k < c; k++) {
        let acc = bk[k];
        for (let j = 0; j < d; j++) acc += x[i * d + j] * wk[j * c + k];
        s[i * c + k] = acc;
      }
      const psi = reluStationaryState(n, edges, v, s, c);
      const y = new Float64Array(n * out);
      for (let i = 0; i < n; i++) for (let o = 0; o < out; o++) for (let k = 0; k < c; k++) y[i * out + o] += psi[i * c + k] * rk[k * out + o];
      return y;
    };
    const alpha = Float64Array.from([0.1, 4, 0.6, 9]);
    const base = net(w, b, readout);
    const moved = net(
      w.map((val, p) => val * alpha[p % c]),
      b.map((val, k) => val * alpha[k]),
      readout.map((val, p) => val / alpha[Math.floor(p / out)]),
    );
    expect(relChange(moved, base)).toBeLessThan(1e-12);
    // Control: scaling the input side only is not a symmetry.
    expect(relChange(net(w.map((val, p) => val * alpha[p % c]), b.map((val, k) => val * alpha[k]), readout), base)).toBeGreaterThan(1e-3);
  });
});
