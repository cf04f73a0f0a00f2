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
    expect(comparable(saved.json)).toEqual(comparable(plain.json));
    const dir = path.join(root, 'checkpoint', 'geom-gcn-0-seed0');
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('epoch-'))).toHaveLength(2);
    const resumed = gsn([...train, '--save', root, '--save-every', '2', '--resume', root]);
    expect(comparable(resumed.json)).toEqual(comparable(plain.json));

    const latest = fs.readFileSync(path.join(dir, 'latest'), 'utf8').trim();
    fs.appendFileSync(path.join(dir, latest, 'tensors.bin'), 'junk');
    const corrupt = gsn([...train, '--save', root, '--save-every', '2', '--resume', root]);
    expect(corrupt.code).toBe(2);
    expect(corrupt.stderr).toMatch(/tensors\.bin: has \d+ bytes, the manifest says \d+/);
  }, 30_000);

  it('refuses checkpoints with the graph-learning optimizer, whose state is not saved yet', () => {
    const r = gsn(['train', '--data', 'texas', '--splits', '0', '--epochs', '2', '--save', root, '--save-every', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--learn-graph off/);
  });
});
