import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadCheckpoint, saveCheckpoint } from '@gsn/distributed';
import { loadDataset, type NodeClassificationDataset } from '@gsn/graph';
import { DataFormatError, InvalidArgumentError, useBackend } from '@gsn/tensor';
import { datasetTask, trainSplit, type Split } from '@gsn/train';
import { runCheckpointDir, trainSplitCheckpointed, type CheckpointOptions } from './checkpointed-train';
import { modelFromSpec, runSetupFromSpec, type ModelSpec } from './model-spec';
import { CHECKPOINT_KIND, CHECKPOINT_VERSION } from './run-checkpoint';

// node's fs, with a rename of a checkpoint's staging folder that fails on demand (a full disk)
const mockRenameFailure = { atCall: 0, calls: 0 };
jest.mock('node:fs', () => {
  const actual = jest.requireActual<typeof fs>('node:fs');
  return {
    ...actual,
    renameSync(from: fs.PathLike, to: fs.PathLike) {
      if (String(from).includes('.staging-') && ++mockRenameFailure.calls === mockRenameFailure.atCall) throw new Error('ENOSPC: no space left on device');
      actual.renameSync(from, to);
    },
  };
});

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
const latestOf = (root: string) => loadCheckpoint(runCheckpointDir(root, split.name, 0), { kind: CHECKPOINT_KIND, version: CHECKPOINT_VERSION });
/** One run of `spec` with checkpoints, on a fresh model and hooks (as a new process would build them). */
const run = (spec: ModelSpec, checkpoint: CheckpointOptions, epochs = E) => {
  const { model, hooks } = runSetupFromSpec(spec, dataset);
  return trainSplitCheckpointed(model, task, split, 0, { epochs }, checkpoint, hooks);
};
const withoutTimes = <R extends { epochMs: readonly number[] }>(r: R) => ({ ...r, epochMs: r.epochMs.length });

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
    const saved = run(spec, { dir: tmp(), every: 2, resume: false });
    expect(withoutTimes(saved)).toEqual({ ...withoutTimes(plain), finished: true });
  });

  it.each<ModelSpec>([
    { model: 'gcn' },
    { model: 'stationary', channels: 4 },
    // η such that the steps cross faces after E/2: the ring's labelled fraction r = 1/2 halves them
    { model: 'stationary', channels: 4, graph: { mode: 'natural', lr: 200 } },
    { model: 'stationary', channels: 4, graph: { mode: 'euclidean', lr: 20 } },
  ])('%j: stopped after E/2 epochs, then --resume, ends bitwise as E uninterrupted epochs', (spec) => {
    const tensorsBefore = tf.memory().numTensors;
    const whole = tmp();
    const a = run(spec, { dir: whole, every: 3, resume: false });
    const halves = tmp();
    expect(run(spec, { dir: halves, every: 3, resume: false, stopAfter: E / 2 }).finished).toBe(false);
    const b = run(spec, { dir: halves, every: 3, resume: true });
    expect(b.finished).toBe(true);
    // the fresh state replaced by the checkpoint's, the warm-start rebuilds: nothing left allocated
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    // everything but the timings: accuracies, epochs, losses, solver iterations, learned graphs and their crossings
    expect(withoutTimes(b)).toEqual(withoutTimes(a));
    // the learned graph changed its support after the resume point: the moduli state went through the checkpoint
    if (spec.graph) expect(b.graph!.events.filter((ev) => ev.epoch > E / 2).length).toBeGreaterThan(0);
    const ta = latestOf(whole).payload.tensors;
    const tb = latestOf(halves).payload.tensors;
    expect(Object.keys(tb).sort()).toEqual(Object.keys(ta).sort());
    for (const k of Object.keys(ta)) expect([k, Array.from(tb[k])]).toEqual([k, Array.from(ta[k])]);
  }, 60_000);

  it('refuses a checkpoint of another run, of other graph-learning options, a foreign and a corrupt one, with clear errors', () => {
    const root = tmp();
    run({ model: 'gcn' }, { dir: root, every: 1, resume: false }, 2);
    expect(() => run({ model: 'mlp' }, { dir: root, every: 1, resume: true }, 2)).toThrow(/another run/);
    const learned = tmp();
    run({ model: 'stationary', channels: 4, graph: { mode: 'natural' } }, { dir: learned, every: 1, resume: false }, 1);
    expect(() => run({ model: 'stationary', channels: 4, graph: { mode: 'euclidean' } }, { dir: learned, every: 1, resume: true }, 1)).toThrow(
      /graph-learning state: it was made with .*natural/,
    );
    expect(() => run({ model: 'stationary', channels: 4 }, { dir: learned, every: 1, resume: true }, 1)).toThrow(/with graph learning, this run is without/);

    const foreign = tmp();
    saveCheckpoint(runCheckpointDir(foreign, split.name, 0), { kind: 'other-tool', version: 1, epoch: 1, payload: { tensors: {}, meta: {} } });
    expect(() => run({ model: 'gcn' }, { dir: foreign, every: 1, resume: true }, 2)).toThrow(InvalidArgumentError);
    expect(() => run({ model: 'gcn' }, { dir: foreign, every: 1, resume: true }, 2)).toThrow(/'other-tool' v1 checkpoint, expected 'gsn-train' v2/);

    const dir = runCheckpointDir(root, split.name, 0);
    const data = path.join(dir, fs.readFileSync(path.join(dir, 'latest'), 'utf8').trim(), 'tensors.bin');
    const bytes = fs.readFileSync(data);
    bytes[0] ^= 0xff;
    fs.writeFileSync(data, bytes);
    expect(() => run({ model: 'gcn' }, { dir: root, every: 1, resume: true }, 2)).toThrow(DataFormatError);
  }, 30_000);

  it('a save that fails leaves the last good checkpoint, and the run resumes from it to the uninterrupted result', () => {
    const spec: ModelSpec = { model: 'stationary', channels: 4, graph: { mode: 'natural' } };
    const whole = run(spec, { dir: tmp(), every: 2, resume: false }, 4);
    const root = tmp();
    // the second save dies when it renames its staging folder into place
    Object.assign(mockRenameFailure, { atCall: 2, calls: 0 });
    try {
      expect(() => run(spec, { dir: root, every: 2, resume: false }, 4)).toThrow(/ENOSPC/);
    } finally {
      mockRenameFailure.atCall = 0;
    }
    expect(latestOf(root).epoch).toBe(2);
    expect(fs.readdirSync(runCheckpointDir(root, split.name, 0)).filter((e) => e.startsWith('.staging'))).toEqual([]);
    expect(withoutTimes(run(spec, { dir: root, every: 2, resume: true }, 4))).toEqual({ ...withoutTimes(whole), epochMs: 4 });
  }, 30_000);
});
