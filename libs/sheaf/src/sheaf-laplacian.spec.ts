import { createRng } from '@gsn/tensor';
import { expectClose } from '@gsn/tensor/testing';
import { symmetricEigenvalues } from '@gsn/solvers';
import { weightedGraph, laplacian } from '@gsn/graph';
import { randomGraph, randomState } from '@gsn/stationary/testing';
import { identityConnection } from './connection';
import { magneticConnection, magneticLaplacian } from './magnetic';
import type { ConnectionSpec } from './restriction-maps';
import { sheafDirichletEnergy, sheafLaplacian } from './sheaf-laplacian';
import { denseSheafLaplacian, randomConnection } from './testing';

function denseOf(apply: (x: Float64Array, out: Float64Array) => void, size: number): Float64Array {
  const out = new Float64Array(size * size);
  const e = new Float64Array(size);
  const col = new Float64Array(size);
  for (let j = 0; j < size; j++) {
    e.fill(0);
    e[j] = 1;
    apply(e, col);
    for (let i = 0; i < size; i++) out[i * size + j] = col[i];
  }
  return out;
}

const CASES: Array<[ConnectionSpec, number]> = [
  [{ kind: 'orthogonal', stalk: 2, method: 'angle' }, 4],
  [{ kind: 'orthogonal', stalk: 3, method: 'cayley' }, 3],
  [{ kind: 'unitary', stalk: 2, method: 'expm' }, 2],
  [{ kind: 'unitary', stalk: 1, method: 'angle' }, 3],
];

describe('sheafLaplacian', () => {
  it.each(CASES)('block product equals the dense δᵀWδ + V reference (%j, c = %d)', (spec, channels) => {
    const rng = createRng(4);
    const graph = randomGraph(rng, 7, 5);
    const { connection } = randomConnection(rng, spec, graph.src.length);
    const onsite = Float64Array.from({ length: 7 }, () => 1 + rng.next());
    const op = sheafLaplacian(graph, connection, channels, onsite);
    const size = 7 * 2 * channels;
    expectClose(denseOf(op.apply, size), denseSheafLaplacian(graph, connection, channels, onsite), 1e-13, 'H_F');
  });

  it.each(CASES)('P12: L_F is PSD, λ_max ≤ 2 d_max and ⟨ψ, L_Fψ⟩ = Σ w_e‖ψ_i − O_ijψ_j‖² (%j)', (spec, channels) => {
    const rng = createRng(5);
    const graph = randomGraph(rng, 8, 6);
    const { connection } = randomConnection(rng, spec, graph.src.length, 2);
    const op = sheafLaplacian(graph, connection, channels);
    const size = 8 * 2 * channels;
    const eig = symmetricEigenvalues(denseOf(op.apply, size), size);
    expect(eig[0]).toBeGreaterThan(-1e-12);
    expect(eig[size - 1]).toBeLessThanOrEqual(op.lambdaBound + 1e-12);
    const psi = randomState(rng, size);
    const lpsi = new Float64Array(size);
    op.apply(psi, lpsi);
    const quadratic = psi.reduce((s, v, p) => s + v * lpsi[p], 0);
    expect(quadratic).toBeCloseTo(sheafDirichletEnergy(graph, connection, channels, psi), 11);
  });

  it('the identity connection gives L_w ⊗ I', () => {
    const rng = createRng(6);
    const graph = randomGraph(rng, 6, 3);
    const op = sheafLaplacian(graph, identityConnection('orthogonal', 2, graph.src.length), 2);
    const lw = laplacian(graph);
    const x = randomState(rng, 6 * 4);
    const out = new Float64Array(x.length);
    op.apply(x, out);
    const ref = new Float64Array(x.length);
    for (let i = 0; i < 6; i++) {
      for (let k = lw.rowPtr[i]; k < lw.rowPtr[i + 1]; k++) {
        for (let p = 0; p < 4; p++) ref[i * 4 + p] += lw.values[k] * x[lw.colIdx[k] * 4 + p];
      }
    }
    expectClose(out, ref, 1e-13, 'L_w ⊗ I');
  });
});

describe('magnetic Laplacian', () => {
  const directed = weightedGraph({
    nodes: 6,
    src: [0, 1, 2, 3, 4, 5, 0, 2, 3],
    dst: [1, 2, 3, 4, 5, 0, 3, 0, 0],
    weights: Float64Array.of(1, 0.5, 2, 1, 1.5, 0.7, 0.3, 1.2, 0.4),
    directed: true,
    dtype: 'float64',
  });

  it('P14: q = 0 equals L_w of the symmetrised graph', () => {
    const { graph } = magneticConnection(directed, 0);
    const dense = denseOf(magneticLaplacian(directed, 0, 1).apply, 12);
    const lw = laplacian(graph);
    for (let i = 0; i < 6; i++) {
      for (let j = 0; j < 6; j++) {
        let ref = 0;
        for (let k = lw.rowPtr[i]; k < lw.rowPtr[i + 1]; k++) if (lw.colIdx[k] === j) ref = lw.values[k];
        expect(dense[2 * i * 12 + 2 * j]).toBeCloseTo(ref, 14);
        expect(dense[(2 * i + 1) * 12 + 2 * j + 1]).toBeCloseTo(ref, 14);
        expect(dense[2 * i * 12 + 2 * j + 1]).toBe(0);
      }
    }
    // reciprocal pair (0,3)/(3,0): weight (0.3 + 0.4)/2
    const e = [...graph.src].findIndex((s, k) => s === 0 && graph.dst[k] === 3);
    expect(graph.weights[e]).toBeCloseTo(0.35, 15);
  });

  it.each([0, 0.05, 0.125, 0.25, 0.4])('P14: Hermitian PSD for q = %p', (q) => {
    const dense = denseOf(magneticLaplacian(directed, q, 1).apply, 12);
    for (let i = 0; i < 12; i++) for (let j = 0; j < 12; j++) expect(dense[i * 12 + j]).toBeCloseTo(dense[j * 12 + i], 14);
    // complex Hermitian ⇔ real-ified block [[Re, −Im], [Im, Re]] per entry
    expect(dense[0 * 12 + 3]).toBeCloseTo(-dense[1 * 12 + 2], 14);
    expect(symmetricEigenvalues(dense, 12)[0]).toBeGreaterThan(-1e-12);
  });

  it('phases are 2πq(A_ij − A_ji): q = 1/4 on a one-way edge is the phase i', () => {
    const { graph, angles } = magneticConnection(directed, 0.25);
    const e = [...graph.src].findIndex((s, k) => s === 0 && graph.dst[k] === 1);
    expect(angles[e]).toBeCloseTo(Math.PI / 2, 15);
  });
});
