import { InvalidArgumentError, validateCsr } from '@gsn/tensor';
import { addSelfLoops, countSelfLoops, removeSelfLoops } from './self-loops';
import { denseFromCsr } from '@gsn/tensor/testing';
import { weightedGraph } from './weighted-graph';

describe('self-loops', () => {
  const g = weightedGraph({ nodes: 3, src: [0, 1, 2], dst: [1, 1, 0], weights: [2, 5, 3], dtype: 'float64' });

  it('addSelfLoops adds the missing loops after the existing edges and keeps existing loop weights', () => {
    const h = addSelfLoops(g, { weight: 0.5 });
    validateCsr(h.adjacency);
    expect(Array.from(h.weights.subarray(0, 3))).toEqual(Array.from(g.weights));
    expect(Array.from(h.src)).toEqual([0, 1, 0, 0, 2]);
    expect(Array.from(h.dst)).toEqual([1, 1, 2, 0, 2]);
    expect(Array.from(denseFromCsr(h.adjacency))).toEqual([0.5, 2, 3, 2, 5, 0, 3, 0, 0.5]);
    expect(countSelfLoops(h)).toBe(3);
    expect(h.weights).toBeInstanceOf(Float64Array);
    expect(countSelfLoops(addSelfLoops(weightedGraph({ nodes: 4, src: [], dst: [] })))).toBe(4);
  });

  it('removeSelfLoops drops loops only', () => {
    const h = removeSelfLoops(g);
    expect(countSelfLoops(g)).toBe(1);
    expect(countSelfLoops(h)).toBe(0);
    expect(Array.from(h.weights)).toEqual([2, 3]);
    validateCsr(h.adjacency);
  });

  it('rejects a non-finite loop weight', () => {
    expect(() => addSelfLoops(g, { weight: NaN })).toThrow(InvalidArgumentError);
  });
});
