import { InvalidArgumentError } from '@gsn/tensor';
import { parseTrainArgs } from './train-args';

describe('parseTrainArgs: --solve, --mu, --balance', () => {
  it('reads the solve mode, μ and λ', () => {
    const a = parseTrainArgs(['--data', 'texas', '--solve', 'penalized', '--mu', '1e3', '--balance', '0.01']);
    expect([a.solve, a.mu, a.balance]).toEqual(['penalized', 1000, 0.01]);
    expect(parseTrainArgs(['--data', 'texas', '--model', 'mlp', '--balance', '1e-2']).balance).toBe(0.01);
    expect(parseTrainArgs(['--data', 'texas', '--solve', 'global']).solve).toBe('global');
  });

  it.each([
    [['--data', 'texas', '--solve', 'jacobi']],
    [['--data', 'texas', '--solve', 'global', '--mu', '10']],
    [['--data', 'texas', '--solve', 'penalized', '--mu', '0']],
    [['--data', 'texas', '--model', 'mlp', '--solve', 'global']],
    [['--data', 'texas', '--model', 'sheaf', '--balance', '0.1']],
    [['--data', 'texas', '--balance', 'x']],
  ])('rejects %j with an InvalidArgumentError', (argv) => {
    expect(() => parseTrainArgs(argv)).toThrow(InvalidArgumentError);
  });
});
