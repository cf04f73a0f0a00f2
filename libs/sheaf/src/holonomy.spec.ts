import { createRng, InvalidArgumentError } from '@gsn/tensor';
import { expectClose } from '@gsn/tensor/testing';
import { weightedGraph } from '@gsn/graph';
import { randomGraph, randomState } from '@gsn/stationary/testing';
import { identityConnection, type Connection } from './connection';
import { applyGauge, assertFlat, flatness, HolonomyError } from './holonomy';
import { blockSize, paramsPerEdge, restrictionMap, type ConnectionSpec } from './restriction-maps';
import { matmul } from './small-matrix';
import { denseSheafLaplacian, randomConnection } from './testing';

/** O_ij = g_i g_jᵀ for random node frames g_i: a flat connection. */
function flatConnection(spec: ConnectionSpec, nodes: number, src: Int32Array, dst: Int32Array, seed: number): Connection {
  const rng = createRng(seed);
  const m = blockSize(spec);
  const frames = Array.from({ length: nodes }, () => restrictionMap(spec, randomState(rng, paramsPerEdge(spec), 2)));
  const maps = new Float64Array(src.length * m * m);
  for (let e = 0; e < src.length; e++) maps.set(matmul(frames[src[e]], frames[dst[e]], m, false, true), e * m * m);
  return { kind: spec.kind, stalk: spec.stalk, maps };
}

function gaugeMatrix(gauge: Float64Array, connection: Connection, channels: number, size: number): Float64Array {
  const out = new Float64Array(size * size);
  const e = new Float64Array(size);
  for (let j = 0; j < size; j++) {
    e.fill(0);
    e[j] = 1;
    const col = applyGauge(gauge, connection, channels, e);
    for (let i = 0; i < size; i++) out[i * size + j] = col[i];
  }
  return out;
}

describe('flatness and gauge (P12)', () => {
  it.each<ConnectionSpec>([
    { kind: 'orthogonal', stalk: 3, method: 'cayley' },
    { kind: 'unitary', stalk: 2, method: 'expm' },
  ])('a flat connection is pure gauge: L_F = 𝔾(L_w ⊗ I)𝔾ᵀ ($kind, d = $stalk)', (spec) => {
    const graph = randomGraph(createRng(7), 6, 5);
    const channels = spec.stalk;
    const connection = flatConnection(spec, 6, graph.src, graph.dst, 8);
    const f = flatness(graph, connection);
    expect(f.flat).toBe(true);
    expect(f.maxDefect).toBeLessThan(1e-12);
    const size = 6 * 2 * channels;
    const g = gaugeMatrix(f.gauge, connection, channels, size);
    const plain = denseSheafLaplacian(graph, identityConnection(spec.kind, spec.stalk, graph.src.length), channels);
    const gauged = new Float64Array(size * size);
    for (let i = 0; i < size; i++) {
      for (let j = 0; j < size; j++) {
        let s = 0;
        for (let a = 0; a < size; a++) {
          if (g[i * size + a] === 0) continue;
          for (let b = 0; b < size; b++) s += g[i * size + a] * plain[a * size + b] * g[j * size + b];
        }
        gauged[i * size + j] = s;
      }
    }
    expectClose(gauged, denseSheafLaplacian(graph, connection, channels), 1e-12, 'L_F vs gauge of L_w ⊗ I');
  });

  it('a non-flat connection throws a HolonomyError naming the cycle and its holonomy', () => {
    const rng = createRng(9);
    const graph = randomGraph(rng, 6, 4);
    const { connection } = randomConnection(rng, { kind: 'orthogonal', stalk: 2, method: 'angle' }, graph.src.length);
    expect(flatness(graph, connection).flat).toBe(false);
    let caught: unknown;
    try {
      assertFlat(graph, connection);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidArgumentError);
    expect(caught).toBeInstanceOf(HolonomyError);
    const err = caught as HolonomyError;
    expect(err.message).toMatch(/holonomy around the cycle \d+( → \d+)+/);
    expect(err.message).toMatch(/‖Hol − I‖_F = /);
    const { cycle, edge, defect } = err.holonomy;
    expect(cycle[0]).toBe(cycle[cycle.length - 1]);
    expect(defect).toBeGreaterThan(1e-9);
    // the holonomy of the named cycle (product of the maps along it) really differs from I
    const m = 2;
    let hol: Float64Array = Float64Array.of(1, 0, 0, 1);
    for (let k = 0; k + 1 < cycle.length; k++) {
      const i = cycle[k];
      const j = cycle[k + 1];
      const e = [...graph.src].findIndex((s, q) => (s === i && graph.dst[q] === j) || (s === j && graph.dst[q] === i));
      const o = connection.maps.subarray(e * 4, e * 4 + 4);
      hol = matmul(hol, o, m, false, graph.src[e] !== i);
    }
    const dev = Math.hypot(hol[0] - 1, hol[1], hol[2], hol[3] - 1);
    expect(dev).toBeCloseTo(defect, 10);
    expect([graph.src[edge], graph.dst[edge]]).toContain(cycle[0]);
  });

  it('a tree (path) is flat for every connection', () => {
    const rng = createRng(10);
    const path = weightedGraph({ nodes: 5, src: [0, 1, 2, 3], dst: [1, 2, 3, 4], dtype: 'float64' });
    const { connection } = randomConnection(rng, { kind: 'orthogonal', stalk: 3, method: 'expm' }, 4);
    const f = flatness(path, connection);
    expect(f.flat).toBe(true);
    expect(f.maxDefect).toBe(0);
  });
});
