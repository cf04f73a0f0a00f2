import * as tf from '@tensorflow/tfjs';
import { createPool, SHARD_WORKER_FILE, type ShardWorkerApi, type WorkerPool } from '@gsn/distributed';
import { modReluPotential, reluPotential } from '@gsn/stationary';
import { randomState } from '@gsn/stationary/testing';
import { applySupraOperator, applySupraOperatorAdjoint, assembleSupraGraph, randomChannelNetwork, supraOperator } from '@gsn/supragraph';
import { createRng, InvalidArgumentError, spmmInto } from '@gsn/tensor';
import { globalStationaryOp, stationaryNetwork, trainSplit, type GlobalSolves, type GlobalStationaryConfig, type StationaryNetworkOptions } from '@gsn/train';
import { layerPartition, servedSupraSolves } from './layer-sharded-solves';
import { supraRowMatrix, transposeEntries } from './supra-row-matrix';
import { maxParamDifference, ringFixture, trainedParams } from './training-fixture';

let fixture: Awaited<ReturnType<typeof ringFixture>>;
let graph: typeof fixture.graph;
beforeAll(async () => {
  fixture = await ringFixture();
  graph = fixture.graph;
});

async function withSolves<R>(workers: number, layers: number, channels: number, penalty: number, body: (solves: GlobalSolves) => R): Promise<{ result: R; commands: number; halo: Int32Array }> {
  const pool: WorkerPool<ShardWorkerApi> = createPool<ShardWorkerApi>({ size: workers, workerFile: SHARD_WORKER_FILE, timeoutMs: 10_000 });
  try {
    await pool.ready();
    const served = await servedSupraSolves(pool, graph, layers, channels, penalty, reluPotential());
    let result: R;
    try {
      result = body(served.solves);
    } catch (error) {
      await served.dispose();
      throw error;
    }
    return { result, commands: await served.dispose(), halo: served.halo };
  } finally {
    await pool.terminate();
  }
}

function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

describe('supraRowMatrix', () => {
  it('is K with its channel blocks on the flattened state, and its transposed entries give Kᵀ', () => {
    const rng = createRng(5);
    const net = randomChannelNetwork(rng, { layers: 3, nodes: 6, chords: 3, channels: 2 });
    const op = supraOperator(assembleSupraGraph(net), 10);
    const { matrix } = supraRowMatrix(op);
    const x = randomState(rng, op.nodes * 4);
    const expected = new Float64Array(x.length);
    const got = new Float64Array(x.length);
    applySupraOperator(op, x, expected);
    spmmInto(matrix, x, 1, got);
    expect(maxDifference(got, expected)).toBeLessThan(1e-12);
    const transposed = { ...matrix, values: Float64Array.from(transposeEntries(matrix), (m) => matrix.values[m]) };
    applySupraOperatorAdjoint(op, x, expected);
    spmmInto(transposed, x, 1, got);
    expect(maxDifference(got, expected)).toBeLessThan(1e-12);
    // The exact M has no back-couplings: its pattern is not symmetric, which is named.
    expect(() => transposeEntries(supraRowMatrix(supraOperator(assembleSupraGraph(net))).matrix)).toThrow(/not symmetric/);
  });

  it('layerPartition gives each part whole layers and refuses more parts than layers', () => {
    const offsets = Int32Array.from([0, 2, 4, 6]);
    expect(Array.from(layerPartition(offsets, 1, 2))).toEqual([0, 0, 0, 0, 1, 1]);
    expect(() => layerPartition(offsets, 1, 4)).toThrow(InvalidArgumentError);
  });
});

describe('servedSupraSolves (--shard layers)', () => {
  const channels = 2;
  const width = 2 * channels;
  const tight = { tol: 1e-10, maxIter: 5000 };
  const config = (penalty: number, solves?: GlobalSolves): GlobalStationaryConfig => ({
    graph,
    channels,
    kappaMin: 0.1,
    potential: reluPotential(),
    penalty,
    forward: { ...tight, acceleration: 'anderson' },
    adjoint: tight,
    ...(solves ? { solves } : {}),
  });
  /** The stack's output and the gradients of ⟨g, Ψ⟩ for every input of `globalStationaryOp`. */
  function solveAndGradients(layers: number, penalty: number, solves?: GlobalSolves) {
    const n = graph.nodes;
    const rng = createRng(7);
    const draw = (length: number, scale: number, shift = 0) => Float32Array.from({ length }, () => shift + scale * (2 * rng.next() - 1));
    const inputs = [
      tf.tensor2d(draw(n * width, 1), [n, width]),
      ...Array.from({ length: layers }, () => tf.tensor1d(draw(graph.src.length, 0.3, 1))),
      ...Array.from({ length: layers }, (_, l) => tf.scalar(0.2 - 0.3 * l)),
      ...Array.from({ length: layers - 1 }, () => tf.tensor2d(draw(width * width, 0.6), [width, width])),
      ...Array.from({ length: layers - 1 }, () => tf.tensor1d(draw(width, 0.5))),
    ];
    const g = tf.tensor2d(draw(layers * n * width, 1), [layers * n, width]);
    const f = (...ts: tf.Tensor[]) =>
      tf.sum(
        tf.mul(
          globalStationaryOp(
            ts[0] as tf.Tensor2D,
            {
              weights: ts.slice(1, 1 + layers) as tf.Tensor1D[],
              kappaRaw: ts.slice(1 + layers, 1 + 2 * layers) as tf.Scalar[],
              mixWeights: ts.slice(1 + 2 * layers, 3 * layers) as tf.Tensor2D[],
              mixBiases: ts.slice(3 * layers) as tf.Tensor1D[],
            },
            config(penalty, solves),
          ),
          g,
        ),
      );
    const { value, grads } = tf.valueAndGrads(f)(inputs);
    return { value: value.dataSync()[0], grads: grads.map((t) => Float32Array.from(t.dataSync())) };
  }

  it.each([
    [2, 2, 100],
    [3, 2, 10],
    [3, 1, 100],
  ])('%i layers on %i workers (μ = %d): the solve and every gradient equal globalStationaryOp on this thread to 1e-6', async (layers, workers, penalty) => {
    const plain = solveAndGradients(layers, penalty);
    const { result: sharded, commands, halo } = await withSolves(workers, layers, channels, penalty, (solves) => solveAndGradients(layers, penalty, solves));
    // One forward and one adjoint solve, both served; with 2 parts the halo is the interface layer's rows.
    expect(commands).toBe(2);
    if (workers === 2) expect(Array.from(halo).every((h) => h > 0 && h <= graph.nodes * width)).toBe(true);
    expect(Math.abs(sharded.value - plain.value)).toBeLessThan(1e-6 * (1 + Math.abs(plain.value)));
    expect(sharded.grads.length).toBe(plain.grads.length);
    sharded.grads.forEach((gr, i) => expect(maxDifference(gr, plain.grads[i])).toBeLessThan(1e-6 * (1 + Math.max(...plain.grads[i].map(Math.abs)))));
  }, 30_000);

  it('trains the penalized network on 2 workers to the one-thread parameters (1e-5) and accuracy', async () => {
    const { task, split } = fixture;
    const options: Partial<StationaryNetworkOptions> = { layers: 3, channels, dropout: 0, solve: 'penalized', penalty: 100 };
    const plain = trainedParams(stationaryNetwork(graph, options), task, 3);
    const plainRun = trainSplit(stationaryNetwork(graph, options), task, split, 0, { epochs: 4 });
    const { result: sharded, commands } = await withSolves(2, 3, channels, 100, (solves) => {
      const model = () => stationaryNetwork(graph, { ...options, globalSolves: solves });
      return { params: trainedParams(model(), task, 3), run: trainSplit(model(), task, split, 0, { epochs: 4 }) };
    });
    expect(commands).toBeGreaterThanOrEqual(3 * 2);
    expect(Object.keys(sharded.params)).toEqual(Object.keys(plain));
    expect(maxParamDifference(sharded.params, plain)).toBeLessThanOrEqual(1e-5);
    expect(sharded.run.testAcc).toBe(plainRun.testAcc);
    sharded.run.valLosses!.forEach((loss, e) => expect(loss).toBeCloseTo(plainRun.valLosses![e], 5));
  }, 60_000);

  it('refuses potentials the workers cannot apply, and an infinite penalty', async () => {
    const pool = createPool<ShardWorkerApi>({ size: 1, workerFile: SHARD_WORKER_FILE, timeoutMs: 10_000 });
    try {
      await pool.ready();
      await expect(servedSupraSolves(pool, graph, 2, channels, 100, modReluPotential(0.1))).rejects.toThrow(InvalidArgumentError);
      await expect(servedSupraSolves(pool, graph, 2, channels, Infinity, reluPotential())).rejects.toThrow(/finite penalty/);
    } finally {
      await pool.terminate();
    }
  });
});
