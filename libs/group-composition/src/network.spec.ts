import { InvalidArgumentError, createRng } from '@gsn/tensor';
import { cyclicGroup, symmetricGroup } from '@gsn/groups';
import type { Activation, NetworkParams } from './network';
import {
  compositionTarget,
  initNetwork,
  lossAndGradient,
  projectedGradientStep,
  validateTrainOptions,
} from './network';

describe('two-layer composition network', () => {
  it.each<Activation>(['quadratic', 'relu'])('%s loss gradient matches central differences', (activation) => {
    const g = symmetricGroup(3);
    const rng = createRng(5);
    const m = 3;
    const rand = () => Float64Array.from({ length: m * g.order }, () => rng.normal());
    const p: NetworkParams = { order: g.order, width: m, u: rand(), w: rand(), v: rand() };
    const y = compositionTarget(g);
    const { gu, gw, gv } = lossAndGradient(p, y, activation);
    const h = 1e-6;
    for (const [x, grad] of [
      [p.u, gu],
      [p.w, gw],
      [p.v, gv],
    ] as const) {
      for (const i of [0, 4, 11, 17]) {
        const x0 = x[i];
        x[i] = x0 + h;
        const lp = lossAndGradient(p, y, activation).loss;
        x[i] = x0 - h;
        const lm = lossAndGradient(p, y, activation).loss;
        x[i] = x0;
        expect(Math.abs((lp - lm) / (2 * h) - grad[i])).toBeLessThan(1e-6 * Math.max(1, Math.abs(grad[i])));
      }
    }
  });

  it('projected steps keep every neuron on its sphere and off the trivial irrep', () => {
    const g = cyclicGroup(5);
    const o = validateTrainOptions({ width: 4, radius: 0.7, learningRate: 0.3 });
    const p = initNetwork(5, o);
    const y = compositionTarget(g);
    for (let s = 0; s < 5; s++) projectedGradientStep(p, y, o);
    for (let k = 0; k < 4; k++) {
      let norm2 = 0;
      for (const block of [p.u, p.w, p.v]) {
        let mean = 0;
        for (let i = 0; i < 5; i++) {
          norm2 += block[k * 5 + i] ** 2;
          mean += block[k * 5 + i];
        }
        expect(Math.abs(mean)).toBeLessThan(1e-12);
      }
      expect(Math.abs(Math.sqrt(norm2) - 0.7)).toBeLessThan(1e-12);
    }
  });

  it('names the bad option', () => {
    expect(() => validateTrainOptions({ width: 0 })).toThrow(/width/);
    expect(() => validateTrainOptions({ learningRate: -1 })).toThrow(InvalidArgumentError);
    expect(() => validateTrainOptions({ activation: 'tanh' as Activation })).toThrow(/activation/);
  });
});
