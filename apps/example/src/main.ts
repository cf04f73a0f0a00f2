/**
 * An app of your own on gsn's libraries, as the root README's "Use the libraries in your own
 * app" shows it: a float64 layer solved and differentiated by hand, then a stationary network
 * trained on a learned graph. Run it with `npx tsx --tsconfig tsconfig.json apps/example/src/main.ts`.
 */
import { loadDataset, weightedGraph } from '@gsn/graph';
import { anderson, forwardBackward } from '@gsn/solvers';
import { cubicNlsPotential, stationaryState, stationaryVjp, type StationaryLayer } from '@gsn/stationary';
import { createRng, useBackend } from '@gsn/tensor';
import { datasetTask, graphLearning, layerGraph, stationaryNetwork, trainSplit } from '@gsn/train';

/** One stationary layer on a 6-node ring in float64: its state, and d(½‖ψ‖²)/dw by the adjoint. */
export function ringLayer(weights: readonly number[] = [1, 1, 1, 1, 1, 1]) {
  const graph = weightedGraph({ nodes: 6, src: [0, 1, 2, 3, 4, 5], dst: [1, 2, 3, 4, 5, 0], weights: Float64Array.from(weights), dtype: 'float64' });
  const layer: StationaryLayer = { graph, channels: 1, kappa: 0.5, potential: cubicNlsPotential(0.5) };
  const rng = createRng(0);
  const source = Float64Array.from({ length: 6 * 2 }, () => rng.next() - 0.5); // 6 nodes × [u, v]
  // Solvers are plain functions; the layer takes one with its options.
  const forward = stationaryState(layer, source, {
    solver: forwardBackward,
    solverOptions: { tol: 1e-12, maxIter: 2000, acceleration: 'anderson' as const, throwOnFail: true },
  });
  // The loss ½‖ψ‖² has cotangent ψ; the adjoint system at ψ gives every parameter's gradient.
  const gradients = stationaryVjp(layer, forward, source, forward.state, {
    form: 'prox',
    solver: anderson,
    solverOptions: { tol: 1e-12, maxIter: 2000, throwOnFail: true },
  });
  const loss = 0.5 * Array.from(forward.state).reduce((s, x) => s + x * x, 0);
  return { loss, iterations: forward.iterations, weightGradient: Array.from(gradients.weights) };
}

/** A stationary network on Texas split 0, its layers on the 3-NN feature graph, the graph learned. */
export async function trainOnTexas(epochs: number) {
  await useBackend('wasm');
  const dataset = loadDataset('texas');
  const task = datasetTask(dataset);
  try {
    const graph = layerGraph(dataset.graph, dataset.features, { input: false, knn: 3 });
    const learning = graphLearning(graph, { mode: 'natural' }, dataset.features);
    const model = learning.model((g) => stationaryNetwork(g));
    const run = trainSplit(model, task, task.splits[0], 0, { epochs, patience: epochs }, { graph: learning.hooks() });
    const [layer] = run.graph!.layers;
    return { testAcc: run.testAcc, valAcc: run.valAcc, epochs: run.epochs, edgesRemoved: layer.removed, edgesEntered: layer.entered };
  } finally {
    task.dispose();
  }
}

if (require.main === module) {
  console.log(ringLayer());
  void trainOnTexas(100).then((r) => console.log(r));
}
