import { InvalidArgumentError } from '@gsn/tensor';
import { parseSplits, parseTrainArgs, trainOptionsOf } from './train-args';

describe('parseTrainArgs', () => {
  it('fills defaults: stationary model, all splits, seed 0', () => {
    expect(parseTrainArgs(['--data', 'texas'])).toMatchObject({
      data: 'texas', model: 'stationary', splits: { kind: 'all' }, seed: 0, json: false,
      epochs: undefined, patience: undefined, backend: undefined, layers: undefined, channels: undefined,
      graph: { mode: 'natural' }, save: undefined,
    });
  });

  it('maps every option to a value', () => {
    const a = parseTrainArgs(['--data', 'cora', '--model', 'gcn', '--splits', '2-4', '--epochs', '50', '--seed', '3', '--backend', 'cpu', '--json']);
    expect(a).toMatchObject({ model: 'gcn', splits: { kind: 'range', from: 2, to: 4 }, epochs: 50, seed: 3, backend: 'cpu', json: true });
  });

  it('reads --lr, --weight-decay and --dropout; trainOptionsOf passes on only the protocol options given', () => {
    const a = parseTrainArgs(['--data', 'texas', '--lr', '0.02', '--weight-decay', '0', '--dropout', '0.3', '--epochs', '50']);
    expect(a).toMatchObject({ lr: 0.02, weightDecay: 0, dropout: 0.3 });
    expect(trainOptionsOf(a)).toEqual({ epochs: 50, lr: 0.02, weightDecay: 0 });
    expect(trainOptionsOf(parseTrainArgs(['--data', 'texas']))).toEqual({});
  });

  it('reads --model sheaf with --stalk, --layers and --channels', () => {
    expect(parseTrainArgs(['--data', 'texas', '--model', 'sheaf', '--stalk', '3', '--channels', '18'])).toMatchObject({ model: 'sheaf', stalk: 3, channels: 18 });
  });

  it('reads --layer-graph for --model stationary and sheaf', () => {
    expect(parseTrainArgs(['--data', 'texas', '--model', 'sheaf', '--layer-graph', 'knn:2']).layerGraph).toEqual({ input: false, knn: 2 });
    expect(parseTrainArgs(['--data', 'texas', '--layer-graph', 'input+knn:1']).layerGraph).toEqual({ input: true, knn: 1 });
    expect(parseTrainArgs(['--data', 'texas']).layerGraph).toBeUndefined();
  });

  it.each([
    [[]],
    [['--data', 'cora', '--model', 'gat']],
    [['--data', 'cora', '--epochs', '0']],
    [['--data', 'cora', '--epochs', '1.5']],
    [['--data', 'cora', '--seed', '-1']],
    [['--data', 'cora', '--seed=-1']],
    [['--data', 'cora', '--momentum', '0.9']],
    [['--data', 'cora', '--lr', '0']],
    [['--data', 'cora', '--lr', 'fast']],
    [['--data', 'cora', '--weight-decay', '-1e-4']],
    [['--data', 'cora', '--dropout', '1']],
    [['--data', 'cora', '--dropout', '-0.1']],
    [['--data', 'cora', '--model', 'gcn', '--dropout', '0.3']],
    [['--data', 'cora', '--backend', 'webgl']],
    [['--data', 'cora', '--splits', '5-2']],
    [['--data', 'cora', 'extra']],
    [['--data', 'cora', '--model', 'mlp', '--layers', '2']],
    [['--data', 'cora', '--model', 'stationary', '--stalk', '2']],
    [['--data', 'cora', '--model', 'gcn', '--layer-graph', 'knn:2']],
    [['--data', 'cora', '--layer-graph', 'knn:0']],
  ])('rejects %j with an InvalidArgumentError', (argv) => {
    expect(() => parseTrainArgs(argv)).toThrow(InvalidArgumentError);
  });
});

describe('parseSplits', () => {
  it('reads all, K, A-B and planetoid', () => {
    expect(parseSplits('all')).toEqual({ kind: 'all' });
    expect(parseSplits('3')).toEqual({ kind: 'range', from: 3, to: 3 });
    expect(parseSplits('0-9')).toEqual({ kind: 'range', from: 0, to: 9 });
    expect(parseSplits('planetoid')).toEqual({ kind: 'planetoid', seeds: 10 });
    expect(parseSplits('planetoid:3')).toEqual({ kind: 'planetoid', seeds: 3 });
    expect(() => parseSplits('planetoid:0')).toThrow(InvalidArgumentError);
    expect(() => parseSplits('1,2')).toThrow(InvalidArgumentError);
  });
});
