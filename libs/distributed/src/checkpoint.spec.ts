import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataFormatError, InvalidArgumentError } from '@gsn/tensor';
import { hasCheckpoint, loadCheckpoint, saveCheckpoint, type Checkpoint } from './checkpoint';

const KIND = { kind: 'gsn-train', version: 2 };

function checkpointAt(epoch: number): Checkpoint {
  return {
    ...KIND,
    epoch,
    payload: {
      tensors: {
        weights: Float32Array.from([1.5, -2, epoch]),
        adamM: new Float64Array([Math.PI, 1e-300, -0]),
        edgeIndex: Int32Array.from([0, 7, -3]),
        empty: new Float32Array(0),
        view: new Float64Array([9, 8, 7, 6]).subarray(1, 3),
      },
      meta: { lr: 0.01, seed: 42, history: [0.5, 0.25], name: 'run-α' },
    },
  };
}

describe('checkpoint store', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gsn-ckpt-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const latestData = () => path.join(dir, fs.readFileSync(path.join(dir, 'latest'), 'utf8').trim(), 'tensors.bin');

  it('round-trips tensors bit for bit and the JSON meta', () => {
    expect(hasCheckpoint(dir)).toBe(false);
    const saved = checkpointAt(3);
    saveCheckpoint(dir, saved);
    const loaded = loadCheckpoint(dir, KIND);
    expect(loaded.epoch).toBe(3);
    expect(loaded.payload.meta).toEqual(saved.payload.meta);
    for (const [name, array] of Object.entries(saved.payload.tensors)) {
      const back = loaded.payload.tensors[name];
      expect(back.constructor).toBe(array.constructor);
      expect(Array.from(back)).toEqual(Array.from(array));
    }
    expect(Object.is(loaded.payload.tensors['adamM'][2], -0)).toBe(true);
  });

  it('moves latest to the newest save and keeps one older checkpoint', () => {
    for (const epoch of [1, 2, 3]) saveCheckpoint(dir, checkpointAt(epoch));
    expect(loadCheckpoint(dir, KIND).epoch).toBe(3);
    expect(fs.readdirSync(dir).filter((e) => e.startsWith('epoch-')).length).toBe(2);
  });

  it('detects a flipped byte and a truncated file as DataFormatError', () => {
    saveCheckpoint(dir, checkpointAt(1));
    const file = latestData();
    const bytes = fs.readFileSync(file);
    bytes[5] ^= 0x10;
    fs.writeFileSync(file, bytes);
    expect(() => loadCheckpoint(dir, KIND)).toThrow(DataFormatError);
    expect(() => loadCheckpoint(dir, KIND)).toThrow(/checksum mismatch/);
    fs.writeFileSync(file, bytes.subarray(0, 10));
    expect(() => loadCheckpoint(dir, KIND)).toThrow(/truncated/);
  });

  it('detects an edited manifest', () => {
    saveCheckpoint(dir, checkpointAt(1));
    const manifest = path.join(path.dirname(latestData()), 'manifest.json');
    fs.writeFileSync(manifest, fs.readFileSync(manifest, 'utf8').replace('"epoch": 1', '"epoch": 7'));
    expect(() => loadCheckpoint(dir, KIND)).toThrow(/manifest is corrupt/);
  });

  it('rejects a foreign checkpoint (other kind or version) and a missing one with InvalidArgumentError', () => {
    expect(() => loadCheckpoint(dir, KIND)).toThrow(InvalidArgumentError);
    saveCheckpoint(dir, { ...checkpointAt(1), kind: 'other-tool' });
    expect(() => loadCheckpoint(dir, KIND)).toThrow(/holds a 'other-tool' v2 checkpoint, expected 'gsn-train' v2/);
    saveCheckpoint(dir, { ...checkpointAt(1), version: 1 });
    expect(() => loadCheckpoint(dir, KIND)).toThrow(InvalidArgumentError);
  });

  it('a save that fails mid-write leaves the previous checkpoint loadable and nothing half-written', () => {
    saveCheckpoint(dir, checkpointAt(1));
    const before = fs.readdirSync(dir).sort();
    const tensors = {
      first: new Float32Array(1000),
      get second(): Float32Array {
        throw new Error('disk full');
      },
    };
    expect(() => saveCheckpoint(dir, { ...KIND, epoch: 2, payload: { tensors, meta: {} } })).toThrow('disk full');
    expect(() => saveCheckpoint(dir, { ...KIND, epoch: 2, payload: { tensors: { x: [1] as never }, meta: {} } })).toThrow(
      InvalidArgumentError,
    );
    expect(fs.readdirSync(dir).sort()).toEqual(before);
    expect(loadCheckpoint(dir, KIND).epoch).toBe(1);
  });
});
