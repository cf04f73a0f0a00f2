import { createRng } from '@gsn/tensor';
import { expectClose, maxRelativeError } from '@gsn/tensor/testing';
import { randomState } from '@gsn/stationary/testing';
import { stalkLayout } from './connection';
import { applyGauge } from './holonomy';
import { paramsPerEdge, restrictionMap, type ConnectionSpec } from './restriction-maps';
import { stalkModReluPotential } from './stalk-potential';

describe('stalkModReluPotential', () => {
  const spec: ConnectionSpec = { kind: 'unitary', stalk: 3, method: 'expm' };
  const channels = 6; // two copies of a 3-dim complex stalk

  it('its prox minimises ½‖z − y‖² + αΦ(z) (no random perturbation does better)', () => {
    const rng = createRng(14);
    const phi = stalkModReluPotential(0.7, 3);
    const y = randomState(rng, 4 * 2 * channels, 2);
    const z = new Float64Array(y.length);
    phi.prox(y, 0.5, channels, z);
    const objective = (x: Float64Array) => 0.5 * x.reduce((s, v, q) => s + (v - y[q]) ** 2, 0) + 0.5 * phi.value(x, channels);
    const best = objective(z);
    for (let t = 0; t < 50; t++) {
      const x = z.map((v) => v + 1e-3 * (2 * rng.next() - 1));
      expect(objective(x)).toBeGreaterThanOrEqual(best - 1e-14);
    }
  });

  it('proxJvp matches central differences of the prox', () => {
    const rng = createRng(15);
    const phi = stalkModReluPotential(0.2, 3);
    const y = randomState(rng, 3 * 2 * channels, 2);
    const v = randomState(rng, y.length);
    const out = new Float64Array(y.length);
    phi.proxJvp(y, 0.5, channels, v, out);
    const h = 1e-6;
    const up = new Float64Array(y.length);
    const down = new Float64Array(y.length);
    phi.prox(y.map((a, q) => a + h * v[q]), 0.5, channels, up);
    phi.prox(y.map((a, q) => a - h * v[q]), 0.5, channels, down);
    expect(maxRelativeError(out, up.map((a, q) => (a - down[q]) / (2 * h)), 1e-6)).toBeLessThan(1e-7);
  });

  it('is invariant under per-node unitary gauges, and the lifted layout groups the same entries', () => {
    const rng = createRng(16);
    const n = 4;
    const gauge = new Float64Array(n * 36);
    for (let i = 0; i < n; i++) gauge.set(restrictionMap(spec, randomState(rng, paramsPerEdge(spec), 2)), i * 36);
    const y = randomState(rng, n * 2 * channels, 2);
    const node = stalkModReluPotential(0.4, 3);
    const gy = applyGauge(gauge, spec, channels, y);
    expect(node.value(gy, channels)).toBeCloseTo(node.value(y, channels), 12);
    const proxGy = new Float64Array(y.length);
    const proxY = new Float64Array(y.length);
    node.prox(gy, 0.3, channels, proxGy);
    node.prox(y, 0.3, channels, proxY);
    expectClose(proxGy, applyGauge(gauge, spec, channels, proxY), 1e-13, 'prox ∘ g = g ∘ prox');
    // lifted: node i, stalk entry r, copy a ↦ lifted node i·3 + r, channel a
    const layout = stalkLayout(spec, channels);
    expect(layout.vectors).toBe(2);
    const lifted = new Float64Array(y.length);
    for (let i = 0; i < n; i++) {
      for (let a = 0; a < 2; a++) {
        for (let r = 0; r < 3; r++) {
          lifted[(i * 3 + r) * 4 + a] = y[i * 12 + a * 3 + r];
          lifted[(i * 3 + r) * 4 + 2 + a] = y[i * 12 + channels + a * 3 + r];
        }
      }
    }
    expect(stalkModReluPotential(0.4, 3, 'lifted').value(lifted, 2)).toBeCloseTo(node.value(y, channels), 12);
  });
});
