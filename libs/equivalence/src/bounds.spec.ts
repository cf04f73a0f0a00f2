import { createRng, InvalidArgumentError } from '@gsn/tensor';
import { randomState } from '@gsn/stationary/testing';
import { gsnBounds, rffBounds, shfBounds, supBounds, unrolledBounds } from './bounds';
import { gsnToRff, gsnToShf, gsnToSup, gsnToUnrolled } from './conversions';
import { evaluateGsn } from './models';
import { randomGsnModel } from './random-models';

describe('complexity bounds (SPEC 4.11)', () => {
  const gsn = randomGsnModel(createRng(41), { layers: 2, nodes: 6, channels: 2 });

  it('the input Lipschitz bound ‖R‖Π‖S_ℓ‖/κ_ℓ holds on random pairs and is the same for every exact form', () => {
    const { lipschitz } = gsnBounds(gsn);
    const rng = createRng(42);
    for (let t = 0; t < 5; t++) {
      const x = randomState(rng, 6 * 4);
      const y = x.map((v) => v + 0.1 * (2 * rng.next() - 1));
      const dOut = Math.hypot(...evaluateGsn(gsn, x).map((v, i) => v - evaluateGsn(gsn, y)[i]));
      expect(dOut).toBeLessThanOrEqual(lipschitz * Math.hypot(...x.map((v, i) => v - y[i])));
    }
    expect(rffBounds(gsnToRff(gsn)).lipschitz).toBeCloseTo(lipschitz, 8);
    expect(supBounds(gsnToSup(gsn)).lipschitz).toBeCloseTo(lipschitz, 8);
    expect(shfBounds(gsnToShf(gsn)).lipschitz).toBeCloseTo(lipschitz, 8);
  });

  it('parameter counts follow the supra-graph edges: SUP = GSN, SHF adds one O(2) angle per edge', () => {
    const g = gsnBounds(gsn);
    expect(supBounds(gsnToSup(gsn)).parameters).toBe(g.parameters);
    const edges = gsn.network.layers.reduce((s, l) => s + l.graph.src.length, 0);
    expect(shfBounds(gsnToShf(gsn)).parameters).toBe(g.parameters + edges);
    const nnz = gsn.network.couplings.reduce((s, c) => s + c.rows.length, 0);
    expect(g.parameters).toBe(edges + nnz + 2 * 6 + 2 * 6 * 2 + gsn.readout.weights.length + gsn.readout.outputs);
  });

  it('the covering bound grows with the parameter count and shrinks with m', () => {
    const small = gsnBounds(gsn, { samples: 1000 });
    const large = gsnBounds(gsn, { samples: 100000 });
    expect(large.covering).toBeLessThan(small.covering);
    const denser = randomGsnModel(createRng(41), { layers: 2, nodes: 6, channels: 2, chords: 8 });
    expect(gsnBounds(denser).parameters).toBeGreaterThan(small.parameters);
    expect(() => gsnBounds(gsn, { delta: 2 })).toThrow(InvalidArgumentError);
  });

  it('the unrolled Lipschitz constant approaches the GSN one from below as K grows', () => {
    const exact = gsnBounds(gsn).lipschitz;
    const k10 = unrolledBounds(gsnToUnrolled(gsn, 10)).lipschitz;
    const k200 = unrolledBounds(gsnToUnrolled(gsn, 200)).lipschitz;
    expect(k10).toBeLessThan(k200);
    expect(k200).toBeLessThanOrEqual(exact * (1 + 1e-12));
    expect(k200).toBeGreaterThan(0.99 * exact);
  });
});
