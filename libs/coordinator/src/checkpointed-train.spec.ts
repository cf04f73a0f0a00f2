import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadCheckpoint } from '@gsn/distributed';
import { loadDataset, type NodeClassificationDataset } from '@gsn/graph';
import { DataFormatError, InvalidArgumentError, useBackend } from '@gsn/tensor';
import { datasetTask, trainSplit, type Split } from '@gsn/train';
import { CHECKPOINT_KIND, CHECKPOINT_VERSION, runCheckpointDir, trainSplitCheckpointed } from './checkpointed-train';
import { modelFromSpec, type ModelSpec } from './model-spec';

const E = 6;
let dataset: NodeClassificationDataset;
let task: ReturnType<typeof datasetTask>;
let split: Split;
const roots: string[] = [];
const tmp = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gsn-ckpt-'));
  roots.push(dir);
  return dir;
};
const finalTensors = (root: string) =>
  loadCheckpoint(runCheckpointDir(root, split.name, 0), { kind: CHECKPOINT_KIND, version: CHECKPOINT_VERSION }).payload.tensors;

beforeAll(async () => {
  await useBackend('wasm');
  dataset = loadDataset('texas');
  task = datasetTask(dataset);
  split = task.splits.find((s) => s.name === 'geom-gcn-0')!;
});
afterAll(() => {
  task.dispose();
  for (const dir of roots) fs.rmSync(dir, { recursive: true, force: true });
});

describe('trainSplitCheckpointed', () => {
  it('without a resume trains exactly as trainSplit', () => {
    const spec: ModelSpec = { model: 'gcn' };
    const plain = trainSplit(modelFromSpec(spec, dataset.graph), task, split, 0, { epochs: E });
    const saved = trainSplitCheckpointed(modelFromSpec(spec, dataset.graph), task, split, 0, { epochs: E }, { dir: tmp(), every: 2, resume: false });
    expect({ ...saved, epochMs: [] }).toEqual({ ...plain, epochMs: [], finished: true });
  });

  it.each<[ModelSpec, number]>([
    [{ model: 'gcn' }, 0],
    [{ model: 'stationary', channels: 4 }, 1e-4],
    [{ model: 'stationary', channels: 4, tol: 1e-8 }, 1e-6],
  ])('%j: E/2 epochs, then --resume for E/2, ends as E uninterrupted epochs (params within %d)', (spec, tol) => {
    const whole = tmp();
    const a = trainSplitCheckpointed(modelFromSpec(spec, dataset.graph), task, split, 0, { epochs: E }, { dir: whole, every: 2, resume: false });
    const halves = tmp();
    const first = trainSplitCheckpointed(modelFromSpec(spec, dataset.graph), task, split, 0, { epochs: E }, { dir: halves, every: 3, resume: false, stopAfter: E / 2 });
    expect(first.finished).toBe(false);
    // a fresh model value, as a new process would build
    const b = trainSplitCheckpointed(modelFromSpec(spec, dataset.graph), task, split, 0, { epochs: E }, { dir: halves, every: 3, resume: true });
    expect(b.finished).toBe(true);
    expect([b.testAcc, b.valAcc, b.bestEpoch, b.epochs]).toEqual([a.testAcc, a.valAcc, a.bestEpoch, a.epochs]);
    const ta = finalTensors(whole);
    const tb = finalTensors(halves);
    expect(Object.keys(tb).sort()).toEqual(Object.keys(ta).sort());
    let worst = 0;
    for (const k of Object.keys(ta)) ta[k].forEach((x, i) => (worst = Math.max(worst, Math.abs(x - tb[k][i]))));
    expect(worst).toBeLessThanOrEqual(tol);
  }, 30_000);

  it('refuses a checkpoint of another run, and a corrupt one, with clear errors', () => {
    const root = tmp();
    const gcn = modelFromSpec({ model: 'gcn' }, dataset.graph);
    trainSplitCheckpointed(gcn, task, split, 0, { epochs: 2 }, { dir: root, every: 1, resume: false });
    expect(() => trainSplitCheckpointed(modelFromSpec({ model: 'mlp' }, dataset.graph), task, split, 0, { epochs: 2 }, { dir: root, every: 1, resume: true })).toThrow(
      InvalidArgumentError,
    );
    const dir = runCheckpointDir(root, split.name, 0);
    const latest = fs.readFileSync(path.join(dir, 'latest'), 'utf8').trim();
    const data = path.join(dir, latest, 'tensors.bin');
    const bytes = fs.readFileSync(data);
    bytes[0] ^= 0xff;
    fs.writeFileSync(data, bytes);
    expect(() => trainSplitCheckpointed(gcn, task, split, 0, { epochs: 2 }, { dir: root, every: 1, resume: true })).toThrow(DataFormatError);
  });
});
