import { createRng, InvalidArgumentError } from '@gsn/tensor';
import { expectClose } from '@gsn/tensor/testing';
import { symmetricEigenvalues } from '@gsn/solvers';
import { weightedGraph } from '@gsn/graph';
import { kappaFromRaw, rawFromKappa, schrodingerOperator, sigmoid, softplus } from './schrodinger-operator';
import { layerOperator, type StationaryLayer } from './stationary-layer';
import { zeroPotential } from './zero-potential';
import { denseSchrodinger, randomGraph, randomState } from './testing';

describe('schrodingerOperator: H = L_w + V', () => {
  const rng = createRng(11);
  const n = 7;
  const channels = 2;
  const layer: StationaryLayer = {
    graph: randomGraph(rng, n, 5),
    channels,
    kappa: 0.8,
    onsite: randomState(rng, n, 1).map(Math.abs),
    potential: zeroPotential(),
  };

  it('acts as the dense L_w + V on every real and imaginary channel', () => {
    const x = randomState(rng, n * 2 * channels);
    const out = new Float64Array(x.length);
    layerOperator(layer, x).apply(x, out);
    const h = denseSchrodinger(layer);
    const expected = new Float64Array(x.length);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        for (let p = 0; p < 2 * channels; p++) expected[i * 2 * channels + p] += h[i * n + j] * x[j * 2 * channels + p];
      }
    }
    expectClose(out, expected, 1e-14, 'Hx');
  });

  it('has κI ⪯ H ⪯ Λ_bound I (Gershgorin bound)', () => {
    const op = layerOperator(layer, new Float64Array(0));
    const eig = symmetricEigenvalues(denseSchrodinger(layer), n);
    expect(Math.min(...eig)).toBeGreaterThanOrEqual(op.kappa - 1e-12);
    expect(Math.max(...eig)).toBeLessThanOrEqual(op.lambdaBound + 1e-12);
    expect(op.kappa).toBeCloseTo(0.8 + Math.min(...Array.from(layer.onsite!)), 14);
  });

  it('rejects directed graphs, negative weights and non-positive V', () => {
    const directed = weightedGraph({ nodes: 2, src: [0], dst: [1], directed: true, dtype: 'float64' });
    expect(() => schrodingerOperator(directed, Float64Array.of(1, 1), 1)).toThrow(InvalidArgumentError);
    const negative = weightedGraph({ nodes: 2, src: [0], dst: [1], weights: Float64Array.of(-1), dtype: 'float64' });
    expect(() => schrodingerOperator(negative, Float64Array.of(1, 1), 1)).toThrow(InvalidArgumentError);
    const g = weightedGraph({ nodes: 2, src: [0], dst: [1], dtype: 'float64' });
    expect(() => schrodingerOperator(g, Float64Array.of(1, 0), 1)).toThrow(InvalidArgumentError);
  });

  it('κ = κ_min + softplus(ρ) round-trips and its derivative is the sigmoid', () => {
    for (const kappa of [0.2, 1, 3, 50]) expect(kappaFromRaw(rawFromKappa(kappa, 0.1), 0.1)).toBeCloseTo(kappa, 12);
    const h = 1e-6;
    for (const x of [-3, 0, 2]) expect((softplus(x + h) - softplus(x - h)) / (2 * h)).toBeCloseTo(sigmoid(x), 9);
  });
});
