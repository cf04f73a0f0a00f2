import { main } from '../main';

/** Runs `gsn <argv>` in-process and captures stdout / stderr lines. */
async function gsn(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = jest.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((t: string | Uint8Array) => {
    out.push(...String(t).split('\n').filter(Boolean));
    return true;
  });
  try {
    return { code: await main(argv), out, err };
  } finally {
    log.mockRestore();
    error.mockRestore();
    write.mockRestore();
  }
}

describe('gsn train', () => {
  it('trains a GCN on two Texas splits and ends stdout with the JSON summary', async () => {
    const { code, out } = await gsn(['train', '--data', 'texas', '--model', 'gcn', '--splits', '0-1', '--epochs', '3', '--json']);
    expect(code).toBe(0);
    expect(out.filter((l) => l.startsWith('split '))).toHaveLength(2);
    const summary = JSON.parse(out[out.length - 1]);
    expect(summary).toMatchObject({ data: 'texas', model: 'gcn', splits: ['geom-gcn-0', 'geom-gcn-1'], backend: 'wasm', solver_iters_mean: null });
    for (const k of ['test_acc_mean', 'test_acc_std', 'epoch_ms_median']) expect(typeof summary[k]).toBe('number');
    expect(summary.test_acc_mean).toBeGreaterThanOrEqual(0);
    expect(summary.test_acc_mean).toBeLessThanOrEqual(1);
  });

  it('repeats the same accuracies from the same seed', async () => {
    const argv = ['train', '--data', 'texas', '--model', 'mlp', '--splits', '3', '--epochs', '3', '--seed', '5', '--json'];
    const a = JSON.parse((await gsn(argv)).out.pop()!);
    const b = JSON.parse((await gsn(argv)).out.pop()!);
    expect(a.seeds).toEqual([8]);
    expect(b.test_accs).toEqual(a.test_accs);
  });

  it('trains the stationary network by default and reports solver iterations', async () => {
    const { code, out } = await gsn(['train', '--data', 'texas', '--splits', '0', '--epochs', '2', '--json']);
    expect(code).toBe(0);
    const summary = JSON.parse(out[out.length - 1]);
    expect(summary.model).toBe('stationary');
    expect(summary.solver_iters_mean).toBeGreaterThan(0);
  });

  it.each([
    [['train', '--data', 'texas', '--model', 'gat']],
    [['train', '--data', 'texas', '--splits', '12']],
    [['train', '--data', 'no-such-dataset']],
    [['train', '--data', 'texas', '--epochs', 'many']],
    [['train', '--data', 'texas', '--bogus']],
    [['train', '--data', 'texas', '--backend', 'webgl']],
  ])('exits 2 with one clear line for %j', async (argv) => {
    const { code, err } = await gsn(argv);
    expect(code).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^gsn train: /);
  });
});
