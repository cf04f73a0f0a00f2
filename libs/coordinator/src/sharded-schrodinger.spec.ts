import { sharedShardPool } from '@gsn/distributed/testing';
import { fixedPoint, forwardBackward } from '@gsn/solvers';
import { operatorState, operatorVjp, reluPotential, schrodingerOperator } from '@gsn/stationary';
import { randomGraph, randomState } from '@gsn/stationary/testing';
import { createRng } from '@gsn/tensor';
import { expectClose } from '@gsn/tensor/testing';
import { shardedSchrodingerOperator } from './sharded-schrodinger';

describe('shardedSchrodingerOperator (graph strategy, one stationary layer)', () => {
  const pool = sharedShardPool(2);

  it.each([
    ['float64', 1e-10],
    ['float32', 1e-5],
  ] as const)('stationary state and adjoint over 2 workers equal the single-thread ones (%s, to %d)', async (dtype, tol) => {
    const rng = createRng(7);
    const channels = 2;
    const graph = randomGraph(rng, 300, 600);
    const n = graph.nodes;
    const like = (x: Float64Array) => (dtype === 'float64' ? x : Float32Array.from(x));
    const onsite = like(Float64Array.from({ length: n }, () => 0.5 + rng.next()));
    const source = like(randomState(rng, n * 2 * channels));
    const cotangent = like(randomState(rng, n * 2 * channels));
    const potential = reluPotential();
    const forward = { solver: forwardBackward, solverOptions: { tol: dtype === 'float64' ? 1e-13 : 1e-6, maxIter: 5000 } };
    const adjoint = { form: 'prox' as const, solver: fixedPoint, solverOptions: { tol: dtype === 'float64' ? 1e-13 : 1e-6, maxIter: 5000 } };
    const reference = schrodingerOperator(graph, onsite, channels);
    const sharded = await shardedSchrodingerOperator(pool(), graph, onsite, channels, { dtype });
    try {
      expect(sharded.lambdaBound).toBeCloseTo(reference.lambdaBound, 10);
      expect(sharded.kappa).toBe(reference.kappa);
      expect(Math.max(...sharded.sharded.plan.halo)).toBeGreaterThan(0);
      const want = operatorState(reference, potential, source, forward);
      const got = operatorState(sharded, potential, source, forward);
      expect(got.converged).toBe(true);
      expectClose(got.state, want.state, tol, 'state');
      const wantVjp = operatorVjp(reference, potential, want, source, cotangent, adjoint);
      const gotVjp = operatorVjp(sharded, potential, got, source, cotangent, adjoint);
      expectClose(gotVjp.lambda, wantVjp.lambda, tol, 'λ');
    } finally {
      await sharded.dispose();
    }
  }, 20_000);
});
