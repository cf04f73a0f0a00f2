import { createRng, InvalidArgumentError } from '@gsn/tensor';
import { finiteDifferenceGradient, maxRelativeError } from '@gsn/tensor/testing';
import { randomState } from '@gsn/stationary/testing';
import { blockSize, paramsPerEdge, restrictionMap, restrictionMapVjp, validateConnectionSpec, type ConnectionSpec } from './restriction-maps';
import { orthogonalityDefect } from './small-matrix';

const SPECS: ConnectionSpec[] = [
  { kind: 'orthogonal', stalk: 3, method: 'cayley' },
  { kind: 'orthogonal', stalk: 4, method: 'expm' },
  { kind: 'orthogonal', stalk: 2, method: 'angle' },
  { kind: 'unitary', stalk: 2, method: 'cayley' },
  { kind: 'unitary', stalk: 3, method: 'expm' },
  { kind: 'unitary', stalk: 1, method: 'angle' },
];

describe('restriction maps', () => {
  it.each(SPECS)('are orthogonal to 1e-12 ($kind, d = $stalk, $method), also for large parameters', (spec) => {
    const rng = createRng(1);
    const m = blockSize(spec);
    for (const scale of [0.1, 1, 5]) {
      const o = restrictionMap(spec, randomState(rng, paramsPerEdge(spec), scale));
      expect(orthogonalityDefect(o, m)).toBeLessThan(1e-12);
    }
  });

  it('unitary maps commute with the complex structure ([[A, −B], [B, A]] form)', () => {
    const spec: ConnectionSpec = { kind: 'unitary', stalk: 3, method: 'cayley' };
    const o = restrictionMap(spec, randomState(createRng(2), paramsPerEdge(spec)));
    const d = 3;
    for (let r = 0; r < d; r++) {
      for (let c = 0; c < d; c++) {
        expect(o[r * 6 + c]).toBeCloseTo(o[(d + r) * 6 + d + c], 14);
        expect(o[r * 6 + d + c]).toBeCloseTo(-o[(d + r) * 6 + c], 14);
      }
    }
  });

  it('parameter counts: d(d−1)/2 for O(d), d² for U(d), 1 for angles', () => {
    expect(SPECS.map(paramsPerEdge)).toEqual([3, 6, 1, 4, 9, 1]);
  });

  it.each(SPECS)('reverse mode matches central differences ($kind, d = $stalk, $method)', (spec) => {
    const rng = createRng(3);
    const m = blockSize(spec);
    const theta = randomState(rng, paramsPerEdge(spec), 0.8);
    const g = randomState(rng, m * m);
    const loss = (t: Float64Array): number => restrictionMap(spec, t).reduce((s, v, p) => s + v * g[p], 0);
    const fd = finiteDifferenceGradient(loss, theta);
    expect(maxRelativeError(restrictionMapVjp(spec, theta, g), fd, 1e-6)).toBeLessThan(1e-6);
  });

  it('rejects angles for maps that are not 2 × 2', () => {
    expect(() => validateConnectionSpec({ kind: 'orthogonal', stalk: 3, method: 'angle' })).toThrow(InvalidArgumentError);
  });
});
