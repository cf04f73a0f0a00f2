import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
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
    expect(summary.val_accs).toHaveLength(2);
    for (const v of summary.val_accs) expect(v).toBeGreaterThan(0);
  });

  it('repeats the same accuracies from the same seed', async () => {
    const argv = ['train', '--data', 'texas', '--model', 'mlp', '--splits', '3', '--epochs', '3', '--seed', '5', '--json'];
    const a = JSON.parse((await gsn(argv)).out.pop()!);
    const b = JSON.parse((await gsn(argv)).out.pop()!);
    expect(a.seeds).toEqual([8]);
    expect(b.test_accs).toEqual(a.test_accs);
  });

  it('--lr and --weight-decay reach training: the defaults given explicitly change nothing, other values change the runs', async () => {
    const accs = async (flags: string[]) => {
      const s = JSON.parse((await gsn(['train', '--data', 'texas', '--model', 'mlp', '--splits', '0-1', '--epochs', '40', '--json', ...flags])).out.pop()!);
      return [...s.test_accs, ...s.val_accs];
    };
    const plain = await accs([]);
    expect(await accs(['--lr', '0.01', '--weight-decay', '0.0005'])).toEqual(plain);
    expect(await accs(['--lr', '0.05'])).not.toEqual(plain);
    expect(await accs(['--weight-decay', '0'])).not.toEqual(plain);
  });

  it('--graph-metric reaches graph learning: the report names it, and the edges move otherwise than under the entropy metric', async () => {
    const run = async (flags: string[]) => JSON.parse((await gsn(['train', '--data', 'texas', '--splits', '0', '--epochs', '10', '--graph-lr', '2000', '--json', ...flags])).out.pop()!);
    const [entropy, barrier] = [await run([]), await run(['--graph-metric', 'log-barrier'])];
    expect([entropy.graph_options.metric, barrier.graph_options.metric]).toEqual(['entropy', 'log-barrier']);
    const moves = (s: { graph_removed_total: number; graph_entered_total: number }) => [s.graph_removed_total, s.graph_entered_total];
    expect(moves(barrier)).not.toEqual(moves(entropy));
  });

  it('trains the stationary network by default and reports solver iterations', async () => {
    const { code, out } = await gsn(['train', '--data', 'texas', '--splits', '0', '--epochs', '2', '--json']);
    expect(code).toBe(0);
    const summary = JSON.parse(out[out.length - 1]);
    expect(summary.model).toBe('stationary');
    expect(summary.solver_iters_mean).toBeGreaterThan(0);
    expect(summary.layer_graph).toBe('input');
  });

  it('--layer-graph knn:2 --knn 1: the layers start on the k-NN graph, with k-NN candidates beside the 2-hop ones', async () => {
    const { code, out } = await gsn(['train', '--data', 'texas', '--model', 'sheaf', '--splits', '0', '--epochs', '1', '--layer-graph', 'knn:2', '--knn', '1', '--json']);
    expect(code).toBe(0);
    const summary = JSON.parse(out[out.length - 1]);
    expect(summary.layer_graph).toBe('knn:2');
    expect(summary.graph_options.knn_per_node).toBe(1);
    const [layer] = summary.graph_events[0].layers;
    // Texas's input graph has 279 undirected edges; its 2-NN graph 321 (ties at the 2nd place left out)
    expect(layer.present_initial).toBe(321);
    expect(layer.candidates).toBeGreaterThan(layer.present_initial);
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

  it('--save-every with --learn-graph natural: a run resumed from an earlier checkpoint ends as the uninterrupted one', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gsn-train-resume-'));
    try {
      const argv = ['train', '--data', 'texas', '--splits', '0', '--epochs', '6', '--channels', '4', '--learn-graph', 'natural', '--graph-lr', '200', '--json'];
      const whole = await gsn([...argv, '--save', root, '--save-every', '3']);
      expect(whole.code).toBe(0);
      // as if interrupted after epoch 3, 4 or 5: `latest` back on the epoch-3 checkpoint (the one older checkpoint kept)
      const runDir = path.join(root, 'checkpoint', 'geom-gcn-0-seed0');
      const epoch3 = fs.readdirSync(runDir).find((e) => e.startsWith('epoch-000003-'))!;
      fs.writeFileSync(path.join(runDir, 'latest'), `${epoch3}\n`);
      const epochMsOf = (folder: string) => JSON.parse(fs.readFileSync(path.join(runDir, folder, 'manifest.json'), 'utf8')).meta.progress.epochMs;
      const savedEpochMs = epochMsOf(epoch3);
      const resumed = await gsn([...argv, '--save', root, '--save-every', '3', '--resume', root]);
      expect(resumed.code).toBe(0);
      // it went on from epoch 3 (the epochs before carry their measured times), not from scratch
      const latest = fs.readFileSync(path.join(runDir, 'latest'), 'utf8').trim();
      expect(latest.startsWith('epoch-000006-')).toBe(true);
      expect(epochMsOf(latest).slice(0, 3)).toEqual(savedEpochMs);
      const summary = (out: string[]) => ({ ...JSON.parse(out[out.length - 1]), epoch_ms_median: 0 });
      expect(summary(resumed.out)).toEqual(summary(whole.out));
      expect(summary(whole.out).graph_removed_total + summary(whole.out).graph_entered_total).toBeGreaterThan(0);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  }, 60_000);
});
