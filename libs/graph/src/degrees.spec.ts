import { degreeCounts, maxDegree, weightedDegrees } from './degrees';
import { weightedGraph } from './weighted-graph';

describe('degrees', () => {
  const g = weightedGraph({ nodes: 4, src: [0, 0, 1, 3], dst: [1, 2, 2, 3], weights: [1, 2, 4, 8], dtype: 'float64' });

  it('weighted degrees are adjacency row sums, a self-loop counted once', () => {
    expect(Array.from(weightedDegrees(g))).toEqual([3, 5, 6, 8]);
    expect(weightedDegrees(g)).toBeInstanceOf(Float64Array);
  });

  it('unweighted degrees count neighbours', () => {
    expect(Array.from(degreeCounts(g))).toEqual([2, 2, 2, 1]);
  });

  it('max degree, unweighted by default', () => {
    expect(maxDegree(g)).toBe(2);
    expect(maxDegree(g, { weighted: true })).toBe(8);
    expect(maxDegree(weightedGraph({ nodes: 0, src: [], dst: [] }))).toBe(0);
  });

  it('directed degrees are out-degrees', () => {
    const d = weightedGraph({ nodes: 3, src: [0, 0, 2], dst: [1, 2, 0], directed: true, dtype: 'float64' });
    expect(Array.from(weightedDegrees(d))).toEqual([2, 0, 1]);
  });
});
