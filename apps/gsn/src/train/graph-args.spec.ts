import { InvalidArgumentError } from '@gsn/tensor';
import { parseTrainArgs } from './train-args';

describe('gsn train graph-learning flags', () => {
  it('defaults to the natural gradient for --model stationary and sheaf, none for the baselines', () => {
    expect(parseTrainArgs(['--data', 'texas']).graph).toEqual({ mode: 'natural' });
    expect(parseTrainArgs(['--data', 'texas', '--model', 'sheaf']).graph).toEqual({ mode: 'natural' });
    expect(parseTrainArgs(['--data', 'texas', '--model', 'sheaf', '--learn-graph', 'off']).graph).toEqual({ mode: 'off' });
    expect(parseTrainArgs(['--data', 'texas', '--model', 'gcn']).graph).toBeUndefined();
  });

  it('maps --learn-graph, --graph-lr, --graph-l1, --two-hop, --knn and --save', () => {
    const args = parseTrainArgs(['--data', 'texas', '--learn-graph', 'euclidean', '--graph-lr', '3', '--graph-l1', '1e-3', '--two-hop', '0', '--knn', '2', '--save', 'out/run']);
    expect(args.graph).toEqual({ mode: 'euclidean', lr: 3, l1: 1e-3, twoHopPerNode: 0, knnPerNode: 2 });
    expect(args.save).toBe('out/run');
    expect(parseTrainArgs(['--data', 'texas', '--learn-graph', 'off']).graph).toEqual({ mode: 'off' });
  });

  it('maps --graph-metric for the natural and mirror steps', () => {
    expect(parseTrainArgs(['--data', 'texas', '--graph-metric', 'log-barrier']).graph).toEqual({ mode: 'natural', metric: 'log-barrier' });
    expect(parseTrainArgs(['--data', 'texas', '--learn-graph', 'mirror', '--graph-metric', 'hypentropy']).graph).toEqual({ mode: 'mirror', metric: 'hypentropy' });
    expect(() => parseTrainArgs(['--data', 'texas', '--graph-metric', 'fisher'])).toThrow(/--graph-metric must be one of entropy, log-barrier, hypentropy, got 'fisher'/);
    expect(() => parseTrainArgs(['--data', 'texas', '--learn-graph', 'euclidean', '--graph-metric', 'entropy'])).toThrow(/natural or mirror, not euclidean/);
  });

  it('rejects bad values and graph flags on other models', () => {
    expect(() => parseTrainArgs(['--data', 'texas', '--learn-graph', 'adam'])).toThrow(InvalidArgumentError);
    expect(() => parseTrainArgs(['--data', 'texas', '--graph-lr', '0'])).toThrow(/graph-lr/);
    expect(() => parseTrainArgs(['--data', 'texas', '--graph-l1', '-1'])).toThrow(/graph-l1/);
    expect(() => parseTrainArgs(['--data', 'texas', '--two-hop', '1.5'])).toThrow(/two-hop/);
    expect(() => parseTrainArgs(['--data', 'texas', '--knn', '-1'])).toThrow(/--knn/);
    expect(() => parseTrainArgs(['--data', 'texas', '--model', 'mlp', '--learn-graph', 'natural'])).toThrow(/stationary only/);
  });
});
