import { ShapeError } from '@gsn/tensor';
import { edgeHomophily } from './homophily';
import { weightedGraph } from './weighted-graph';

describe('edgeHomophily', () => {
  const g = weightedGraph({ nodes: 5, src: [0, 1, 2, 3, 0], dst: [1, 2, 3, 4, 0] });

  it('is the fraction of non-loop edges joining equal labels', () => {
    expect(edgeHomophily(g, [0, 0, 1, 1, 0])).toBeCloseTo(2 / 4, 12);
    expect(edgeHomophily(g, [0, 0, 0, 0, 0])).toBe(1);
  });

  it('skips edges touching unlabelled nodes', () => {
    expect(edgeHomophily(g, [0, 0, -1, 1, 1])).toBe(1);
    expect(edgeHomophily(g, [-1, -1, -1, -1, -1])).toBeNaN();
  });

  it('checks the label count', () => {
    expect(() => edgeHomophily(g, [0, 1])).toThrow(ShapeError);
  });
});
