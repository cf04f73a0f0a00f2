import { forwardBackwardSolve } from './forward-backward';
import { allreduceSum } from './allreduce';
import { runTasks } from './retry';
import { sharedMatrix, sharedView } from './shared';
import { randomReal, shiftedLaplacian, sharedShardPool } from './testing';

describe('shard worker collectives', () => {
  const pool = sharedShardPool(2);

  it('allreduceSum sums the workers rows of shared memory into out', async () => {
    const length = 1001;
    const contributions = sharedMatrix('float64', 3, length);
    const c = sharedView(contributions);
    c.set(randomReal('float64', 3 * length, 1));
    const out = sharedMatrix('float64', 1, length);
    await allreduceSum(pool(), contributions, out);
    const o = sharedView(out);
    for (const j of [0, 500, 1000]) expect(o[j]).toBe(c[j] + c[length + j] + c[2 * length + j]);
  });

  it('runTasks spreads whole solves (the runs strategy) and returns them in order', async () => {
    const { matrix, lambdaMaxBound } = shiftedLaplacian(200, 300, 0.5, 'float64', 2);
    const seeds = [1, 2, 3];
    const options = { alpha: 1 / lambdaMaxBound, prox: { kind: 'identity' } as const, maxIter: 100, tol: 1e-9 };
    const results = await runTasks(pool(), seeds, (remote, seed) =>
      remote.solveLocal(matrix, randomReal('float64', 200, seed), 1, options),
    );
    seeds.forEach((seed, i) => {
      const expected = forwardBackwardSolve(matrix, randomReal('float64', 200, seed), 1, options);
      expect(Array.from(results[i].state)).toEqual(Array.from(expected.state));
    });
  });
});
