import { createRng } from '@gsn/tensor';
import { compareForms, geometricRate } from './compare-forms';
import { randomGsnModel } from './random-models';

describe('compareForms', () => {
  it('reports every conversion, exact ones below 1e-10, the unrolled rate below the q bound', () => {
    const report = compareForms(randomGsnModel(createRng(61), { layers: 2, nodes: 5 }), { inputs: 1, depths: [10, 20, 30] });
    expect(report.pairs.map((p) => p.conversion)).toEqual(['C2', 'C1', 'C1', 'C3', 'C3', 'C4', 'C5', 'C5', "C2'", 'C2']);
    expect(report.maxAbsDiff).toBeLessThan(1e-10);
    expect(report.unrolled.rate).toBeLessThan(report.unrolled.qBound);
    expect(report.unrolled.rate).toBeGreaterThan(0);
    expect(report.nonFlat).toMatch(/not flat/);
  });

  it('geometricRate recovers the ratio of a geometric sequence', () => {
    expect(geometricRate([1, 2, 3, 4], [0.5, 0.25, 0.125, 0.0625])).toBeCloseTo(0.5, 12);
  });
});
