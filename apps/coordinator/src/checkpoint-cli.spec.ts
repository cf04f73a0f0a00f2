import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { comparable, gsn } from './gsn-cli';

const train = ['train', '--data', 'texas', '--channels', '4', '--splits', '0', '--epochs', '4', '--learn-graph', 'off', '--json'];
let root: string;
beforeAll(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'gsn-cli-ckpt-'))));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('gsn train --save DIR --save-every K --resume DIR', () => {
  it('checkpoints into DIR/checkpoint/, resumes to the same summary, and refuses a corrupt checkpoint with exit 2', () => {
    const plain = gsn(train);
    const saved = gsn([...train, '--save', root, '--save-every', '2']);
    expect(saved.code).toBe(0);
    // checkpoints rebuild the stationary network's warm start at each save (so that a resume is
    // bitwise): the accuracies are those of the plain run, the solver iteration counts may differ
    const { solver_iters_mean: _iterations, ...savedResult } = comparable(saved.json)!;
    expect(comparable(plain.json)).toMatchObject(savedResult);
    const dir = path.join(root, 'checkpoint', 'geom-gcn-0-seed0');
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('epoch-'))).toHaveLength(2);
    const resumed = gsn([...train, '--save', root, '--save-every', '2', '--resume', root]);
    expect(comparable(resumed.json)).toEqual(comparable(saved.json));

    const latest = fs.readFileSync(path.join(dir, 'latest'), 'utf8').trim();
    fs.appendFileSync(path.join(dir, latest, 'tensors.bin'), 'junk');
    const corrupt = gsn([...train, '--save', root, '--save-every', '2', '--resume', root]);
    expect(corrupt.code).toBe(2);
    expect(corrupt.stderr).toMatch(/tensors\.bin: has \d+ bytes, the manifest says \d+/);
  }, 30_000);

  it('checkpoints and resumes with the graph-learning optimizer (--learn-graph natural, the default)', () => {
    const learned = ['train', '--data', 'texas', '--channels', '4', '--splits', '0', '--epochs', '2', '--json', '--save', path.join(root, 'learned'), '--save-every', '1'];
    const saved = gsn(learned);
    expect(saved.code).toBe(0);
    expect(saved.json).toMatchObject({ learn_graph: 'natural' });
    const resumed = gsn([...learned, '--resume', path.join(root, 'learned')]);
    expect(resumed.code).toBe(0);
    expect(comparable(resumed.json)).toEqual(comparable(saved.json));
  }, 30_000);
});
