import { createShardedOperator } from '@gsn/distributed';
import { sharedShardPool } from '@gsn/distributed/testing';
import { weightedGraph, type WeightedGraph } from '@gsn/graph';
import { edgeWeightGradient, onsiteGradient, reluPotential, schrodingerOperator } from '@gsn/stationary';
import { randomGraph, randomState } from '@gsn/stationary/testing';
import { createRng, InvalidArgumentError, type DType, type Real } from '@gsn/tensor';
import { schrodingerMatrix, schrodingerPattern, schrodingerValues, servedSchrodinger } from './sharded-schrodinger';
import { WORKER_PROX } from './sharded-layer-op';

/** A random graph with two self-loops (they count in the Gershgorin degrees, not in L_w), in `dtype`. */
function graphWithLoops(dtype: DType, seed: number): WeightedGraph {
  const g = randomGraph(createRng(seed), 300, 600);
  const src = [...g.src, 5, 17];
  const dst = [...g.dst, 5, 17];
  return weightedGraph({ nodes: g.nodes, src, dst, weights: [...g.weights, 0.7, 1.3], dtype });
}

const like = (dtype: DType, x: ArrayLike<number>): Real => (dtype === 'float64' ? Float64Array.from(x) : Float32Array.from(x));

describe("H = L_w + V's values and gradients formed in the serving workers (each on its rows)", () => {
  const pool = sharedShardPool(2);

  const cases = [1, 2].flatMap((parts) => (['float32', 'float64'] as const).map((dtype) => [parts, dtype] as const));

  it.each(cases)('over %i workers (%s): the values, Gershgorin bound and min V of the single-thread assembly, exactly', async (parts, dtype) => {
    const graph = graphWithLoops(dtype, 3);
    const rng = createRng(4);
    const onsite = like(dtype, Array.from({ length: graph.nodes }, () => 0.25 + rng.next()));
    const served = await servedSchrodinger(pool(), graph, 2, { parts, dtype });
    try {
      const op = served.operator(graph, onsite);
      const pattern = schrodingerPattern(graph);
      const want = like(dtype, new Float64Array(pattern.rowPtr[graph.nodes]));
      const bounds = schrodingerValues(pattern, graph, onsite, want);
      const { plan } = served.sharded;
      expect(Array.from(plan.matrix.values)).toEqual(Array.from(plan.entryOf, (k) => want[k]));
      expect([op.lambdaBound, op.kappa]).toEqual([bounds.lambdaBound, bounds.kappa]);
      const reference = schrodingerOperator(graph, onsite, 2);
      expect([op.lambdaBound, op.kappa]).toEqual([reference.lambdaBound, reference.kappa]);
    } finally {
      await served.dispose();
    }
  });

  it.each(cases)('over %i workers (%s): dℓ/dw and dℓ/dV of the adjoint solve equal edgeWeightGradient and onsiteGradient', async (parts, dtype) => {
    const graph = graphWithLoops(dtype, 5);
    const channels = 2;
    const n = graph.nodes;
    const rng = createRng(6);
    const onsite = like(dtype, Array.from({ length: n }, () => 0.25 + rng.next()));
    const source = like(dtype, randomState(rng, n * 2 * channels));
    const cotangent = like(dtype, randomState(rng, n * 2 * channels));
    const served = await servedSchrodinger(pool(), graph, channels, { parts, dtype });
    try {
      const op = served.operator(graph, onsite);
      const options = { alpha: 1 / op.lambdaBound, prox: WORKER_PROX.relu, tol: 1e-5, maxIter: 500, memory: 5, regularization: 1e-10, damping: 1 };
      const psi = op.forwardSolve(source, undefined, options).state;
      const lambda = op.adjointSolve(source, psi, cotangent, options).state;
      const got = op.adjointGradients();
      const layer = { graph, channels, kappa: op.kappa, potential: reluPotential() };
      const wantOnsite = new Float32Array(n);
      const wantKappa = onsiteGradient(psi, lambda, channels, wantOnsite);
      expect(got.weights.constructor).toBe(graph.weights.constructor);
      expect(Array.from(got.weights)).toEqual(Array.from(edgeWeightGradient(layer, psi, lambda)));
      expect(Array.from(got.onsite)).toEqual(Array.from(wantOnsite));
      // Σ_i dℓ/dV_i is summed part by part: the same terms in another order.
      expect(Math.abs(got.kappa - wantKappa)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(wantKappa)));
      expect(got.weights.some((g) => g !== 0)).toBe(true);
    } finally {
      await served.dispose();
    }
  });

  it('refuses a negative weight or a non-positive on-site value naming the first entry, and the other operators stay usable', async () => {
    const graph = graphWithLoops('float32', 7);
    const n = graph.nodes;
    const onsite = new Float32Array(n).fill(0.5);
    const served = await servedSchrodinger(pool(), graph, 1);
    try {
      const good = served.operator(graph, onsite);
      const weights = Float32Array.from(graph.adjacency.values);
      weights[40] = -1;
      weights[90] = -2;
      const negative = { ...graph, adjacency: { ...graph.adjacency, values: weights } };
      expect(() => served.operator(negative, onsite)).toThrow(new InvalidArgumentError('servedSchrodinger: adjacency entry 40 has weight -1, expected >= 0'));
      const zero = Float32Array.from(onsite);
      zero[12] = 0;
      zero[200] = -1;
      expect(() => served.operator(graph, zero)).toThrow(new InvalidArgumentError('servedSchrodinger: onsite[12] = 0 must be > 0'));
      const wider = { ...graph, adjacency: { ...graph.adjacency, values: Float64Array.from(graph.adjacency.values) } };
      expect(() => served.operator(wider, onsite)).toThrow(new InvalidArgumentError('loadLaplacian: float64 weights for a graph served with float32 weights'));
      // The failed loads left no operator marked as loaded: the good one loads its values again.
      const x = Float32Array.from({ length: n * 2 }, (_, i) => Math.cos(i));
      const got = new Float32Array(n * 2);
      const want = new Float32Array(n * 2);
      good.apply(x, got);
      schrodingerOperator(graph, onsite, 1).apply(x, want);
      got.forEach((v, i) => expect(v).toBeCloseTo(want[i], 4));
      expect(() => good.adjointGradients()).toThrow(InvalidArgumentError);
    } finally {
      await served.dispose();
    }
  });

  it('a worker lost before a load or a gradient command: all replaced, the command redone from its inputs, the same results', async () => {
    const graph = graphWithLoops('float32', 10);
    const n = graph.nodes;
    const rng = createRng(11);
    const onsite = Float32Array.from({ length: n }, () => 0.25 + rng.next());
    const source = Float32Array.from(randomState(rng, n * 2));
    const served = await servedSchrodinger(pool(), graph, 1, { barrierTimeoutMs: 1000 });
    try {
      const op = served.operator(graph, onsite);
      const options = { alpha: 1 / op.lambdaBound, prox: WORKER_PROX.relu, tol: 1e-5, maxIter: 500, memory: 5, regularization: 1e-10, damping: 1 };
      const psi = op.forwardSolve(source, undefined, options).state;
      op.adjointSolve(source, psi, source, options);
      const copy = (g: { weights: Real; onsite: Real; kappa: number }) => [Array.from(g.weights), Array.from(g.onsite), g.kappa];
      const undisturbed = copy(op.adjointGradients());
      // The loss is noticed when the survivor's barrier times out (1 s); the gradients are redone
      // from the ψ and λ in shared memory, the load from the weights and V copied in again.
      pool().respawn(1);
      expect(copy(op.adjointGradients())).toEqual(undisturbed);
      pool().respawn(0);
      const doubled = Float32Array.from(onsite, (v) => 2 * v);
      const reloaded = served.operator(graph, doubled);
      const pattern = schrodingerPattern(graph);
      const want = new Float32Array(pattern.rowPtr[n]);
      expect(reloaded.lambdaBound).toBe(schrodingerValues(pattern, graph, doubled, want).lambdaBound);
      expect(Array.from(served.sharded.plan.matrix.values)).toEqual(Array.from(served.sharded.plan.entryOf, (k) => want[k]));
    } finally {
      await served.dispose();
    }
  }, 20_000);

  it('serves on a graph only a matrix in its L_w + V pattern', async () => {
    const graph = graphWithLoops('float64', 8);
    const other = graphWithLoops('float64', 9);
    const matrix = schrodingerMatrix(graph, new Float64Array(graph.nodes).fill(1), 'float64');
    const sharded = await createShardedOperator(pool(), matrix, new Int32Array(graph.nodes), { parts: 1 });
    try {
      expect(() => sharded.serve(other)).toThrow(/serve\(graph\): row \d+ of the matrix is not the graph's adjacency row/);
    } finally {
      await sharded.dispose();
    }
  });
});
