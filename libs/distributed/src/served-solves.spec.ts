import { InvalidArgumentError } from '@gsn/tensor';
import { expectClose } from '@gsn/tensor/testing';
import { forwardBackwardSolve } from './forward-backward';
import { forwardBackwardVjp } from './forward-backward-vjp';
import { partitionCsr } from './partition';
import { createShardedOperator } from './sharded-operator';
import { randomReal, shiftedLaplacian, sharedShardPool } from './testing';

describe('served solves (forward-backward with Anderson and its adjoint inside the workers)', () => {
  const pool = sharedShardPool(3);

  const n = 300;
  const columns = 2;
  const { matrix, lambdaMaxBound } = shiftedLaplacian(n, 400, 0.5, 'float64', 21);
  const source = randomReal('float64', n * columns, 22);
  const cotangent = randomReal('float64', n * columns, 23);
  const prox = { kind: 'softThreshold', lambda: 0.2 } as const;
  const alpha = 1 / lambdaMaxBound;
  const anderson = { alpha, prox, tol: 1e-12, maxIter: 500, memory: 5, regularization: 1e-10, damping: 1 };
  // References: the plain (unaccelerated) iterations of forward-backward.ts, to a tighter tolerance.
  const plain = { alpha, prox, maxIter: 20_000, tol: 1e-14 };
  const zStar = forwardBackwardSolve(matrix, source, columns, plain).state;
  const gradient = forwardBackwardVjp(matrix, source, zStar, cotangent, columns, plain).sourceGrad;

  it.each([1, 2, 3])('over %i workers: the same fixed points, in far fewer iterations than without Anderson', async (parts) => {
    const op = await createShardedOperator(pool(), matrix, partitionCsr(matrix, { parts, seed: 1 }).part, { parts, columns });
    const served = op.serve();
    try {
      const forward = served.forwardSolve(source, undefined, columns, anderson);
      expect(forward.converged).toBe(true);
      expect(forward.residuals).toHaveLength(forward.iterations);
      expectClose(forward.state, zStar, 1e-9, 'z*');
      const plainIterations = forwardBackwardSolve(matrix, source, columns, { ...plain, tol: 1e-12 }).iterations;
      expect(forward.iterations).toBeLessThan(plainIterations / 2);
      // The adjoint at z* (λ = αDζ, prox form) equals dL/ds of the implicit gradient.
      const adjoint = served.adjointSolve(source, zStar, cotangent, columns, anderson);
      expect(adjoint.converged).toBe(true);
      expectClose(adjoint.state, gradient, 1e-9, 'λ');
      // A warm start at the solution stops after one map.
      expect(served.forwardSolve(source, forward.state, columns, anderson).iterations).toBe(1);
      expect(() => served.forwardSolve(source, undefined, columns, { ...anderson, memory: 0 })).toThrow(InvalidArgumentError);
    } finally {
      await served.stop();
      await op.dispose();
    }
  });
});
