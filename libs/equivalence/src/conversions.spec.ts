import { createRng } from '@gsn/tensor';
import { symmetricEigenvalues } from '@gsn/solvers';
import { modReluPotential, reluPotential, zeroPotential, cubicNlsPotential } from '@gsn/stationary';
import { denseSchrodinger, randomState } from '@gsn/stationary/testing';
import { applyCoupling } from '@gsn/supragraph';
import { gsnToRff, gsnToShf, gsnToSup, gsnToUnrolled, maxAbsDiff, rffToGsn, supToGsn, unrolledContraction } from './conversions';
import { geometricRate } from './compare-forms';
import { evaluateGsn, evaluateRff, evaluateShf, evaluateSup, evaluateUnrolled, type GsnModel, type RffModel } from './models';
import { randomGsnModel } from './random-models';
import { shfToGsn } from './sheaf-to-gsn';

const TOL = 1e-10;

function inputsFor(model: GsnModel, count: number, seed: number): Float64Array[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, () => randomState(rng, model.network.inputNodes * 2 * model.network.channels, 1.5));
}

describe('P13: exact conversions reproduce outputs to 1e-10 (float64)', () => {
  const gsn = randomGsnModel(createRng(21), { layers: 3, nodes: 6, channels: 2 });
  const inputs = inputsFor(gsn, 3, 22);
  const reference = inputs.map((x) => evaluateGsn(gsn, x));

  it('C1 RFF → GSN, minimal class: proximal activations are edgeless GSN layers with V = I', () => {
    for (const potential of [reluPotential(), modReluPotential(0.4)]) {
      const rff: RffModel = {
        inputNodes: gsn.network.inputNodes,
        channels: 2,
        layers: gsn.network.layers.map((l) => ({ nodes: l.graph.nodes, potential, scale: 1 })),
        couplings: gsn.network.couplings,
        readout: gsn.readout,
      };
      const converted = rffToGsn(rff);
      expect(converted.network.layers.every((l) => l.graph.src.length === 0 && l.kappa === 1)).toBe(true);
      for (const x of inputs) expect(maxAbsDiff(evaluateGsn(converted, x), evaluateRff(rff, x))).toBeLessThan(TOL);
    }
  });

  it('C2 GSN → RFF (extended class), and back by C1', () => {
    const rff = gsnToRff(gsn);
    const back = rffToGsn(rff);
    inputs.forEach((x, i) => {
      expect(maxAbsDiff(evaluateRff(rff, x), reference[i])).toBeLessThan(TOL);
      expect(maxAbsDiff(evaluateGsn(back, x), reference[i])).toBeLessThan(TOL);
    });
  });

  it('C3 GSN ↔ SUP: the global supra-graph solve equals forward substitution, disassembly restores the GSN', () => {
    const sup = gsnToSup(gsn);
    const back = supToGsn(sup);
    inputs.forEach((x, i) => {
      expect(maxAbsDiff(evaluateSup(sup, x), reference[i])).toBeLessThan(TOL);
      expect(maxAbsDiff(evaluateGsn(back, x), reference[i])).toBeLessThan(TOL);
    });
  });

  it('C4 GSN → SHF (identity connection, d = c) and C5 back to a GSN on the lifted graph', () => {
    const shf = gsnToShf(gsn);
    expect(shf.network.layers[0].connection.stalk).toBe(2);
    const back = shfToGsn(shf);
    expect(back.model.network.layers[0].graph.nodes).toBe(12);
    inputs.forEach((x, i) => {
      expect(maxAbsDiff(evaluateShf(shf, x), reference[i])).toBeLessThan(TOL);
      expect(maxAbsDiff(evaluateGsn(back.model, back.liftInput(x)), reference[i])).toBeLessThan(TOL);
    });
  });
});

describe("P13: C2' unrolled lift, error decays like q^K", () => {
  it('linear layer: fitted rate matches q = 1 − αλ_min(A) within 10% in log (slope test)', () => {
    const gsn = randomGsnModel(createRng(23), { layers: 1, nodes: 8, channels: 1, potential: zeroPotential() });
    const layer = gsn.network.layers[0];
    const n = layer.graph.nodes;
    const eig = symmetricEigenvalues(denseSchrodinger(layer), n);
    const alpha = gsnToUnrolled(gsn, 1).alphas[0];
    const qTrue = Math.max(Math.abs(1 - alpha * eig[0]), Math.abs(1 - alpha * eig[n - 1]));
    const [x] = inputsFor(gsn, 1, 24);
    const exact = evaluateGsn(gsn, x);
    const depths = [10, 15, 20, 25, 30, 35, 40];
    const errors = depths.map((k) => maxAbsDiff(evaluateUnrolled(gsnToUnrolled(gsn, k), x), exact));
    const rate = geometricRate(depths, errors);
    expect(Math.abs(Math.log(rate) / Math.log(qTrue) - 1)).toBeLessThan(0.1);
    expect(qTrue).toBeLessThanOrEqual(unrolledContraction(gsnToUnrolled(gsn, 1))[0] + 1e-15);
  });

  it('nonlinear layer: error ≤ q^K‖s‖/κ for every K (identity readout), and → 0', () => {
    const base = randomGsnModel(createRng(25), { layers: 1, nodes: 6, channels: 2, potential: cubicNlsPotential(0.8) });
    const size = 6 * 4;
    const eye = new Float64Array(size * size);
    for (let p = 0; p < size; p++) eye[p * size + p] = 1;
    const gsn: GsnModel = { network: base.network, readout: { outputs: size, inputs: size, weights: eye, bias: new Float64Array(size) } };
    const [x] = inputsFor(gsn, 1, 26);
    const exact = evaluateGsn(gsn, x);
    const sNorm = Math.hypot(...applyCoupling(gsn.network.couplings[0], x, 2));
    let last = Infinity;
    for (const k of [0, 5, 10, 20, 40, 80]) {
      const unrolled = gsnToUnrolled(gsn, k);
      const q = unrolledContraction(unrolled)[0];
      const err = maxAbsDiff(evaluateUnrolled(unrolled, x), exact);
      expect(err).toBeLessThanOrEqual((q ** k * sNorm) / gsn.network.layers[0].kappa + 1e-12);
      last = err;
    }
    expect(last).toBeLessThan(1e-2);
  });
});
