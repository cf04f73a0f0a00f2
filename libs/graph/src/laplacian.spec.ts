import { createRng, InvalidArgumentError, ShapeError, validateCsr } from '@gsn/tensor';
import type { Rng } from '@gsn/tensor';
import { weightedDegrees } from './degrees';
import { gcnNormalizedAdjacency, laplacian, laplacianMatVec, normalizedLaplacian } from './laplacian';
import { addSelfLoops } from './self-loops';
import { denseFromCsr, expectClose } from '@gsn/tensor/testing';
import { randomWeightedGraph } from './testing';
import { weightedGraph } from './weighted-graph';
import type { WeightedGraph } from './weighted-graph';

/**
 * Whether m + shift I (dense symmetric, n x n) has a Cholesky factorization with positive
 * pivots, i.e. is positive definite: a certificate that every eigenvalue of m exceeds -shift.
 */
function isPositiveDefinite(m: Float64Array, n: number, shift: number): boolean {
  const a = Float64Array.from(m);
  for (let i = 0; i < n; i++) a[i * n + i] += shift;
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < j; k++) a[j * n + j] -= a[j * n + k] ** 2;
    if (!(a[j * n + j] > 0)) return false;
    a[j * n + j] = Math.sqrt(a[j * n + j]);
    for (let i = j + 1; i < n; i++) {
      for (let k = 0; k < j; k++) a[i * n + j] -= a[i * n + k] * a[j * n + k];
      a[i * n + j] /= a[j * n + j];
    }
  }
  return true;
}

/** c I + s m, dense (n x n), to move a spectral bound to zero. */
function shifted(m: Float64Array, n: number, c: number, s: number): Float64Array {
  const out = m.map((v) => s * v);
  for (let i = 0; i < n; i++) out[i * n + i] += c;
  return out;
}

function rayleigh(m: Float64Array, n: number, x: Float64Array): number {
  const mx = denseMatVec(m, n, x, 1);
  return x.reduce((s, xi, i) => s + xi * mx[i], 0) / x.reduce((s, xi) => s + xi * xi, 0);
}

function denseMatVec(m: Float64Array, n: number, x: Float64Array, channels: number): Float64Array {
  const out = new Float64Array(n * channels);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) for (let c = 0; c < channels; c++) out[i * channels + c] += m[i * n + j] * x[j * channels + c];
  }
  return out;
}

function randomVector(rng: Rng, length: number): Float64Array {
  return Float64Array.from({ length }, () => rng.normal());
}

function withLoops(rng: Rng): WeightedGraph<Float64Array> {
  const g = randomWeightedGraph(rng, { nodes: 9, edges: 14 });
  const loops = { src: [...g.src, 2, 5], dst: [...g.dst, 2, 5], weights: [...g.weights, 0.7, 1.3] };
  return weightedGraph({ nodes: 9, ...loops, dtype: 'float64' });
}

/** Dense (nodes x nodes) matrix with entry f(w_ij, d_i, d_j, i, j), d the weighted degrees. */
function denseReference(
  g: WeightedGraph,
  f: (w: number, di: number, dj: number, i: number, j: number) => number,
): Float64Array {
  const n = g.nodes;
  const W = denseFromCsr(g.adjacency);
  const d = weightedDegrees(g);
  return Float64Array.from({ length: n * n }, (_, k) => f(W[k], d[Math.floor(k / n)], d[k % n], Math.floor(k / n), k % n));
}

describe('laplacian', () => {
  it('equals D - W densely, with self-loops cancelling', () => {
    const g = withLoops(createRng(1));
    const L = laplacian(g);
    validateCsr(L);
    expectClose(denseFromCsr(L), denseReference(g, (w, di, _dj, i, j) => (i === j ? di : 0) - w), 1e-12, 'L');
  });

  it('L 1 = 0, x^T L x = sum_e w_e (x_u - x_v)^2, and L is positive semi-definite (Cholesky of L + eps I)', () => {
    const rng = createRng(2);
    for (let trial = 0; trial < 5; trial++) {
      const g = randomWeightedGraph(rng, { nodes: 10, edges: 18 });
      const ones = new Float64Array(10).fill(1);
      for (const v of laplacianMatVec(g, ones, 1)) expect(Math.abs(v)).toBeLessThan(1e-12);
      const x = randomVector(rng, 10);
      const lx = laplacianMatVec(g, x, 1);
      const energy = Array.from(g.weights).reduce((s, w, e) => s + w * (x[g.src[e]] - x[g.dst[e]]) ** 2, 0);
      expect(x.reduce((s, xi, i) => s + xi * lx[i], 0)).toBeCloseTo(energy, 12);
      const L = denseFromCsr(laplacian(g));
      expect(isPositiveDefinite(L, 10, 1e-9)).toBe(true);
      // L is singular (L 1 = 0), so no negative shift keeps it positive definite.
      expect(isPositiveDefinite(L, 10, -1e-6)).toBe(false);
    }
  });

  it('laplacianMatVec matches the dense product for several channels, without building L', () => {
    const rng = createRng(3);
    const g = withLoops(rng);
    const psi = randomVector(rng, 9 * 3);
    const expected = denseMatVec(denseFromCsr(laplacian(g)), 9, psi, 3);
    const out = new Float64Array(27).fill(42);
    expect(laplacianMatVec(g, psi, 3, out)).toBe(out);
    out.forEach((v, k) => expect(v).toBeCloseTo(expected[k], 12));
  });

  it('laplacianMatVec works in float32 and checks shapes', () => {
    const g = weightedGraph({ nodes: 3, src: [0, 1], dst: [1, 2] });
    const y = laplacianMatVec(g, new Float32Array([1, 0, 0]), 1);
    expect(y).toBeInstanceOf(Float32Array);
    expect(Array.from(y)).toEqual([1, -1, 0]);
    expect(() => laplacianMatVec(g, new Float32Array(4), 1)).toThrow(ShapeError);
    expect(() => laplacianMatVec(g, new Float32Array(3), 1, new Float32Array(2))).toThrow(ShapeError);
    expect(() => laplacianMatVec(g, new Float32Array(3), 0)).toThrow(InvalidArgumentError);
    const psi = new Float32Array(3);
    expect(() => laplacianMatVec(g, psi, 1, psi)).toThrow(InvalidArgumentError);
  });

  it('keeps a zero diagonal entry for isolated nodes', () => {
    const L = laplacian(weightedGraph({ nodes: 3, src: [0], dst: [1], dtype: 'float64' }));
    expect(Array.from(denseFromCsr(L))).toEqual([1, -1, 0, -1, 1, 0, 0, 0, 0]);
    expect(L.rowPtr[3]).toBe(5);
  });
});

describe('normalizedLaplacian', () => {
  it('equals I - D^-1/2 W D^-1/2 densely', () => {
    const g = withLoops(createRng(4));
    const N = normalizedLaplacian(g);
    validateCsr(N);
    const reference = denseReference(g, (w, di, dj, i, j) => (i === j ? 1 : 0) - (di > 0 && dj > 0 ? w / Math.sqrt(di * dj) : 0));
    expectClose(denseFromCsr(N), reference, 1e-12, 'normalized L');
  });

  it('has its spectrum in [0, 2]: Rayleigh quotients, Cholesky certificates, both ends reached', () => {
    const rng = createRng(5);
    for (let trial = 0; trial < 5; trial++) {
      const g = randomWeightedGraph(rng, { nodes: 10, edges: 20 });
      const N = denseFromCsr(normalizedLaplacian(g));
      for (let k = 0; k < 20; k++) {
        const q = rayleigh(N, 10, randomVector(rng, 10));
        expect(q).toBeGreaterThanOrEqual(-1e-12);
        expect(q).toBeLessThanOrEqual(2 + 1e-12);
      }
      expect(isPositiveDefinite(N, 10, 1e-9)).toBe(true);
      expect(isPositiveDefinite(shifted(N, 10, 2, -1), 10, 1e-9)).toBe(true);
      // The bottom of the spectrum is reached: N D^{1/2} 1 = 0.
      const sqrtD = Float64Array.from(weightedDegrees(g), Math.sqrt);
      expect(rayleigh(N, 10, sqrtD)).toBeCloseTo(0, 12);
    }
    // On a bipartite graph (an even cycle) the top, 2, is reached at (-1)^i sqrt(d_i).
    const cycle = weightedGraph({ nodes: 6, src: [0, 1, 2, 3, 4, 5], dst: [1, 2, 3, 4, 5, 0], weights: [1, 2, 3, 1, 2, 3], dtype: 'float64' });
    const d = weightedDegrees(cycle);
    const alternating = Float64Array.from(d, (di, i) => (i % 2 ? -1 : 1) * Math.sqrt(di));
    expect(rayleigh(denseFromCsr(normalizedLaplacian(cycle)), 6, alternating)).toBeCloseTo(2, 12);
  });

  it('gives isolated nodes an identity row and refuses negative degrees', () => {
    const N = normalizedLaplacian(weightedGraph({ nodes: 3, src: [0], dst: [1], dtype: 'float64' }));
    expect(Array.from(denseFromCsr(N))).toEqual([1, -1, 0, -1, 1, 0, 0, 0, 1]);
    const negative = weightedGraph({ nodes: 2, src: [0], dst: [1], weights: [-1] });
    expect(() => normalizedLaplacian(negative)).toThrow(InvalidArgumentError);
  });
});

describe('gcnNormalizedAdjacency', () => {
  it('equals D^-1/2 (A + I) D^-1/2 with D the degrees of A + I', () => {
    const g = randomWeightedGraph(createRng(6), { nodes: 8, edges: 12 });
    const A = denseFromCsr(gcnNormalizedAdjacency(g));
    const Ahat = denseFromCsr(addSelfLoops(g).adjacency);
    const d = Array.from({ length: 8 }, (_, i) => Ahat.slice(i * 8, i * 8 + 8).reduce((s, v) => s + v, 0));
    for (let i = 0; i < 8; i++) for (let j = 0; j < 8; j++) {
      expect(A[i * 8 + j]).toBeCloseTo(Ahat[i * 8 + j] / Math.sqrt(d[i] * d[j]), 12);
    }
    // Spectrum in (-1, 1]: I - A and I + A are positive (semi-)definite, and 1 is reached at D^{1/2} 1.
    expect(isPositiveDefinite(shifted(A, 8, 1, -1), 8, 1e-9)).toBe(true);
    expect(isPositiveDefinite(shifted(A, 8, 1, 1), 8, 0)).toBe(true);
    expect(rayleigh(A, 8, Float64Array.from(d, Math.sqrt))).toBeCloseTo(1, 12);
  });

  it('keeps an existing self-loop weight and the graph precision', () => {
    const g = weightedGraph({ nodes: 2, src: [0, 0], dst: [0, 1], weights: [3, 1] });
    const A = gcnNormalizedAdjacency(g);
    expect(A.values).toBeInstanceOf(Float32Array);
    const dense = denseFromCsr(A);
    expect(dense[0]).toBeCloseTo(3 / 4, 6);
    expect(dense[1]).toBeCloseTo(1 / Math.sqrt(8), 6);
    expect(dense[3]).toBeCloseTo(1 / 2, 6);
  });
});
