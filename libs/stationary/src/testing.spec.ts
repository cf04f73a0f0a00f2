import { createRng, InvalidArgumentError } from '@gsn/tensor';
import { randomGraph } from './testing';

describe('randomGraph', () => {
  it('fills every pair a ring leaves: 5 chords on 5 nodes is the complete graph', () => {
    const g = randomGraph(createRng(0), 5, 5);
    const pairs = new Set(Array.from(g.src, (s, e) => `${Math.min(s, g.dst[e])}-${Math.max(s, g.dst[e])}`));
    expect(pairs.size).toBe(10);
  });

  it.each([
    [5, 6],
    [3, 1],
    [2, 0],
    [6, -1],
    [6, 1.5],
  ])('refuses %i nodes with %i chords instead of looping', (nodes, chords) => {
    expect(() => randomGraph(createRng(0), nodes, chords)).toThrow(InvalidArgumentError);
  });
});
