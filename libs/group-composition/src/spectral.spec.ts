import { createRng } from '@gsn/tensor';
import { cyclicGroup, dihedralGroup, irrepDecomposition, symmetricGroup } from '@gsn/groups';
import type { FiniteGroup } from '@gsn/groups';
import { trainGroupComposition } from './network';
import {
  compositionEnergy,
  compositionEnergyFourier,
  cyclicPhaseAlignment,
  irrepConcentration,
  neuronAlignment,
  neuronIrrepPower,
} from './spectral';

/** Least-squares slope of y against x. */
function slope(x: number[], y: number[]): number {
  const mx = x.reduce((s, v) => s + v, 0) / x.length;
  const my = y.reduce((s, v) => s + v, 0) / y.length;
  let num = 0;
  let den = 0;
  x.forEach((xi, i) => {
    num += (xi - mx) * (y[i] - my);
    den += (xi - mx) ** 2;
  });
  return num / den;
}

describe('paper 002 properties', () => {
  it.each<[string, FiniteGroup]>([
    ['Z7', cyclicGroup(7)],
    ['S3', symmetricGroup(3)],
    ['S4', symmetricGroup(4)],
  ])('R1: the energy identity holds on the Fourier side to 1e-10 (%s)', (_name, g) => {
    const rng = createRng(2);
    const dec = irrepDecomposition(g);
    const [u, w, v] = [0, 1, 2].map(() => Float64Array.from({ length: g.order }, () => rng.normal()));
    const direct = compositionEnergy(g, u, w, v);
    expect(Math.abs(compositionEnergyFourier(dec, u, w, v) - direct)).toBeLessThan(1e-10 * Math.max(1, Math.abs(direct)));
  });

  it('R2 + R3: trained D5 neurons concentrate on one irrep and are rank-one aligned', () => {
    const g = dihedralGroup(5);
    const dec = irrepDecomposition(g);
    const { params } = trainGroupComposition(g, { width: 24, steps: 900, learningRate: 1, radius: 0.3, seed: 4 });
    const powers = neuronIrrepPower(dec, params);
    expect(irrepConcentration(powers, 0.95)).toBeGreaterThan(0.9);
    const alignments = powers.map((pw, k) => neuronAlignment(dec, params, k, pw));
    const twoDim = alignments.filter((a) => dec.classes[a.dominantClass].dim >= 2);
    expect(twoDim.length).toBeGreaterThan(0);
    for (const a of twoDim) {
      expect(a.rankRatio).toBeLessThan(0.05);
      expect(a.alignmentCosine).toBeGreaterThan(0.99);
    }
  });

  it('R4 + R6: on Z7 the phase misalignment and the non-dominant irrep power decay exponentially', () => {
    const g = cyclicGroup(7);
    const dec = irrepDecomposition(g);
    const t: number[] = [];
    const logMis: number[] = [];
    const logRest: number[] = [];
    trainGroupComposition(g, { width: 1, steps: 400, learningRate: 0.5, radius: 0.3, seed: 3, recordEvery: 20 }, (step, p) => {
      if (step < 100) return; // after the neuron has picked its frequency
      t.push(step);
      logMis.push(Math.log(cyclicPhaseAlignment(p, 0).misalignment));
      logRest.push(Math.log(1 - Math.max(...neuronIrrepPower(dec, p)[0])));
    });
    expect(slope(t, logMis)).toBeLessThan(-0.005);
    expect(slope(t, logRest)).toBeLessThan(-0.005);
    expect(logMis[logMis.length - 1]).toBeLessThan(logMis[0] - 3);
    expect(logRest[logRest.length - 1]).toBeLessThan(logRest[0] - 3);
  });
});
