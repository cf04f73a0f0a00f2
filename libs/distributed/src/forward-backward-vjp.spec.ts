import { type Csr } from '@gsn/tensor';
import { expectClose } from '@gsn/tensor/testing';
import { forwardBackwardSolve, type ProxSpec } from './forward-backward';
import { forwardBackwardVjp } from './forward-backward-vjp';
import { randomReal, shiftedLaplacian } from './testing';

const n = 30;
const columns = 2;
const { matrix, lambdaMaxBound } = shiftedLaplacian(n, 25, 0.7, 'float64', 3);
const source = randomReal('float64', n * columns, 4) as Float64Array;
const weight = randomReal('float64', n * columns, 5) as Float64Array;

/** L = ⟨weight, z*(s, A)⟩. */
function loss(a: Csr, s: Float64Array, prox: ProxSpec): number {
  const z = forwardBackwardSolve(a, s, columns, { alpha: 1 / lambdaMaxBound, prox, maxIter: 20_000, tol: 1e-14 }).state;
  let l = 0;
  for (let i = 0; i < z.length; i++) l += z[i] * weight[i];
  return l;
}

describe('forwardBackwardVjp (implicit gradient of the forward-backward fixed point)', () => {
  it.each<ProxSpec>([{ kind: 'identity' }, { kind: 'softThreshold', lambda: 0.3 }, { kind: 'nonnegative' }])(
    'matches central finite differences in s and A values (%j)',
    (prox) => {
      const options = { alpha: 1 / lambdaMaxBound, prox, maxIter: 20_000, tol: 1e-14 };
      const zStar = forwardBackwardSolve(matrix, source, columns, options).state as Float64Array;
      const vjp = forwardBackwardVjp(matrix, source, zStar, weight, columns, options);
      expect(vjp.converged).toBe(true);
      const h = 1e-6;
      const fdSource = Array.from({ length: 8 }, (_, t) => {
        const i = (t * 7) % (n * columns);
        const plus = source.slice();
        const minus = source.slice();
        plus[i] += h;
        minus[i] -= h;
        return [(loss(matrix, plus, prox) - loss(matrix, minus, prox)) / (2 * h), vjp.sourceGrad[i]];
      });
      expectClose(fdSource.map((p) => p[1]), fdSource.map((p) => p[0]), 1e-6, 'dL/ds');
      const fdValues = Array.from({ length: 8 }, (_, t) => {
        const e = (t * 11) % matrix.values.length;
        const at = (delta: number): Csr => {
          const values = (matrix.values as Float64Array).slice();
          values[e] += delta;
          return { ...matrix, values };
        };
        return [(loss(at(h), source, prox) - loss(at(-h), source, prox)) / (2 * h), vjp.valuesGrad[e]];
      });
      expectClose(fdValues.map((p) => p[1]), fdValues.map((p) => p[0]), 1e-6, 'dL/dA');
    },
  );
});
