import * as tf from '@tensorflow/tfjs';
import { loadDataset, type NodeClassificationDataset } from '@gsn/graph';
import { modelFromSpec, runSetupFromSpec } from '@gsn/coordinator';
import { gcn, type Model, type Params } from '@gsn/nn';
import { createRng, useBackend } from '@gsn/tensor';
import { datasetTask, layerGraph, sheafNetwork, stationaryNetwork } from '@gsn/train';
import { modelSpecOf } from './build-model';
import { coordinationOf, parseTrainArgs } from './train-args';

let dataset: NodeClassificationDataset;
let task: ReturnType<typeof datasetTask>;

beforeAll(async () => {
  await useBackend('wasm');
  dataset = loadDataset('texas');
  task = datasetTask(dataset);
});
afterAll(() => task.dispose());

/**
 * Parameter shapes, evaluation logits and training logits (one fixed dropout draw, which shows
 * the dropout rate) of a model at its seed-0 initialisation.
 */
function fingerprint(model: Model): { shapes: Record<string, number[]>; logits: number[]; trainingLogits: number[] } {
  const params: Params = model.init(createRng(0), task.dims);
  const logitsOf = (training: boolean) => tf.tidy(() => Array.from(model.apply(params, task.inputs, { training, rng: createRng(1) }).dataSync()));
  const logits = logitsOf(false);
  const trainingLogits = logitsOf(true);
  const shapes = Object.fromEntries(Object.entries(params).map(([k, t]) => [k, t.shape]));
  tf.dispose(Object.values(params));
  return { shapes, logits, trainingLogits };
}

describe('modelSpecOf', () => {
  it.each<[string[], () => Model]>([
    [['--layers', '2', '--channels', '3', '--solve', 'penalized', '--mu', '50'], () => stationaryNetwork(dataset.graph, { layers: 2, channels: 3, solve: 'penalized', penalty: 50 })],
    [['--channels', '3', '--solve', 'global'], () => stationaryNetwork(dataset.graph, { channels: 3, solve: 'global' })],
    [['--model', 'sheaf', '--layers', '2', '--channels', '6', '--stalk', '3'], () => sheafNetwork(dataset.graph, { layers: 2, channels: 6, stalk: 3 })],
    [['--channels', '3', '--dropout', '0.2'], () => stationaryNetwork(dataset.graph, { channels: 3, dropout: 0.2 })],
    [['--model', 'sheaf', '--channels', '4', '--dropout', '0'], () => sheafNetwork(dataset.graph, { channels: 4, dropout: 0 })],
    [['--model', 'gcn'], () => gcn()],
  ])('%j: the spec a worker receives (structured clone) builds the model the flags name', (flags, direct) => {
    const args = parseTrainArgs(['--data', 'texas', ...flags]);
    const spec = coordinationOf({ ...args, workers: 2 }, {}).spec!;
    expect(spec).toEqual(modelSpecOf(args));
    // what runs-worker does with the spec it receives
    expect(fingerprint(modelFromSpec(structuredClone(spec), dataset.graph))).toEqual(fingerprint(direct()));
    expect(fingerprint(modelFromSpec(modelSpecOf(args), dataset.graph))).toEqual(fingerprint(direct()));
  }, 30_000);

  it('--dropout reaches the model: the same evaluation logits, other training logits', () => {
    const at = (flags: string[]) => fingerprint(modelFromSpec(modelSpecOf(parseTrainArgs(['--data', 'texas', '--channels', '3', ...flags])), dataset.graph));
    const plain = at([]);
    const light = at(['--dropout', '0.1']);
    expect(light.logits).toEqual(plain.logits);
    expect(light.trainingLogits).not.toEqual(plain.trainingLogits);
  });

  it('--solve penalized --mu reaches the model: the parameters of the layerwise default, other logits', () => {
    const plain = fingerprint(modelFromSpec(modelSpecOf(parseTrainArgs(['--data', 'texas', '--channels', '3'])), dataset.graph));
    const global = fingerprint(modelFromSpec(modelSpecOf(parseTrainArgs(['--data', 'texas', '--channels', '3', '--solve', 'penalized', '--mu', '2'])), dataset.graph));
    expect(global.shapes).toEqual(plain.shapes);
    expect(global.logits).not.toEqual(plain.logits);
  });

  it('--layer-graph knn:2: the spec names it and a worker builds the network on the k-NN graph', () => {
    const args = parseTrainArgs(['--data', 'texas', '--model', 'sheaf', '--channels', '4', '--layer-graph', 'knn:2', '--learn-graph', 'off']);
    const spec = structuredClone(coordinationOf({ ...args, workers: 2 }, {}).spec!);
    expect(spec.layerGraph).toEqual({ input: false, knn: 2 });
    const knn = layerGraph(dataset.graph, dataset.features, { input: false, knn: 2 });
    const { model } = runSetupFromSpec(spec, dataset);
    expect(fingerprint(model)).toEqual(fingerprint(sheafNetwork(knn, { channels: 4 })));
    expect(fingerprint(model).logits).not.toEqual(fingerprint(sheafNetwork(dataset.graph, { channels: 4 })).logits);
  });

  it('names graph learning and the balance penalty, which the workers rebuild as hooks', () => {
    const args = parseTrainArgs(['--data', 'texas', '--learn-graph', 'euclidean', '--graph-lr', '3', '--balance', '0.1']);
    expect(modelSpecOf(args)).toMatchObject({ model: 'stationary', graph: { mode: 'euclidean', lr: 3 }, balance: 0.1 });
  });
});
