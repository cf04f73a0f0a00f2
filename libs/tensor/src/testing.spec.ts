import { expectClose, finiteDifferenceGradient, maxRelativeError } from './testing';

describe('testing helpers', () => {
  it('expectClose passes within tol · max(1, |expected|) and names the worst entry otherwise', () => {
    expect(() => expectClose([1, 1000.5], [1 + 1e-7, 1000], 1e-3, 'ok')).not.toThrow();
    expect(() => expectClose([1, 2], [1, 2.1], 1e-3, 'grad')).toThrow(/grad: entry 1 is 2, expected 2.1/);
    expect(() => expectClose([Number.NaN], [0], 1, 'nan')).toThrow(/nan: entry 0/);
    expect(() => expectClose([1], [1, 2], 1, 'len')).toThrow(/len: length 1/);
  });

  it('finiteDifferenceGradient matches an analytic gradient to 1e-8 and restores x', () => {
    const f = (x: Float64Array) => Math.sin(x[0]) * x[1] + x[1] ** 3;
    const x = Float64Array.from([0.3, -1.2]);
    const g = finiteDifferenceGradient(f, x);
    expect(Array.from(x)).toEqual([0.3, -1.2]);
    expectClose(g, [Math.cos(0.3) * -1.2, Math.sin(0.3) + 3 * 1.44], 1e-8, 'fd');
  });

  it('maxRelativeError is relative, floored near zero and NaN-propagating', () => {
    expect(maxRelativeError([1, 100], [1.01, 100])).toBeCloseTo(0.01 / 1.01, 12);
    expect(maxRelativeError([0], [1e-12])).toBeCloseTo(1e-4, 12);
    expect(maxRelativeError([Number.NaN, 1], [0, 2])).toBeNaN();
  });
});
