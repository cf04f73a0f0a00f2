import { InvalidArgumentError } from '@gsn/tensor';
import { measureToyThreshold, toyStabilityLimit } from './toy';

describe('G6: toy model f = uv, divergence threshold 2/(u² + v²)', () => {
  it.each([1, 2, 4, 0.25])('measured η_max matches 2/(u² + v²) at the representative α = %d', (alpha) => {
    const y = 1.5;
    const u = alpha * Math.sqrt(y);
    const v = Math.sqrt(y) / alpha;
    const measured = measureToyThreshold(u, v);
    expect(Math.abs(measured / toyStabilityLimit(u, v) - 1)).toBeLessThan(1e-3);
  });

  it('the balanced representative has the largest stable range, and Ω (λ ≤ ½) does not lower it', () => {
    const y = 1.5;
    const balanced = measureToyThreshold(Math.sqrt(y), Math.sqrt(y));
    expect(balanced).toBeCloseTo(1 / y, 3);
    expect(measureToyThreshold(2 * Math.sqrt(y), Math.sqrt(y) / 2)).toBeLessThan(0.5 * balanced);
    expect(Math.abs(measureToyThreshold(Math.sqrt(y), Math.sqrt(y), { lambda: 0.25 }) / balanced - 1)).toBeLessThan(1e-3);
  });

  it('rejects a zero factor', () => {
    expect(() => measureToyThreshold(0, 1)).toThrow(InvalidArgumentError);
  });
});
