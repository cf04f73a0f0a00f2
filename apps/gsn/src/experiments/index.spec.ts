import { EXPERIMENTS } from './index';

describe('gsn reproduce registry', () => {
  it('has unique names and a summary for every experiment', () => {
    const names = EXPERIMENTS.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(['group-composition', 'hypercube']));
    for (const e of EXPERIMENTS) expect(e.summary.length).toBeGreaterThan(10);
  });
});
