import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { ConvergenceError, InvalidArgumentError, useBackend } from '@gsn/tensor';
import { freshProgress } from '@gsn/train';
import { loadRunCheckpoint, saveRunCheckpoint } from './run-checkpoint';

let dir: string;
const identity = { split: 's', seed: 0 };
const progressAt = (epoch: number) => ({ ...freshProgress(), epoch, losses: Array(epoch).fill(1) });

beforeAll(() => useBackend('cpu'));
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gsn-run-ckpt-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('saveRunCheckpoint / loadRunCheckpoint', () => {
  it('round-trips parameters, optimizer state, progress (best loss Infinity included) and the dropout position', () => {
    const params = { w: tf.tensor1d([1, 2, 3]) };
    const optState = { count: 7, mu: { w: tf.tensor1d([0.5, 0, -0.5]) } };
    saveRunCheckpoint(dir, identity, { params, optState, progress: progressAt(2), dropoutDraws: [['next', 12]] });
    const back = loadRunCheckpoint(dir, identity, { params, optState, graph: false });
    expect(Array.from(back.params['w'].dataSync())).toEqual([1, 2, 3]);
    expect((back.optState as { count: number }).count).toBe(7);
    expect(back.progress).toEqual(progressAt(2));
    expect(back.progress.best.valLoss).toBe(Infinity);
    expect(back.dropoutDraws).toEqual([['next', 12]]);
    tf.dispose([params, optState, back.params, back.optState] as unknown as tf.Tensor[]);
  });

  it('refuses to save non-finite parameters and keeps the last good checkpoint', () => {
    const optState = { count: 1 };
    const good = { w: tf.tensor1d([1, 2]) };
    saveRunCheckpoint(dir, identity, { params: good, optState, progress: progressAt(1), dropoutDraws: [] });
    const bad = { w: tf.tensor1d([1, NaN]) };
    expect(() => saveRunCheckpoint(dir, identity, { params: bad, optState, progress: progressAt(2), dropoutDraws: [] })).toThrow(ConvergenceError);
    expect(() => saveRunCheckpoint(dir, identity, { params: bad, optState, progress: progressAt(2), dropoutDraws: [] })).toThrow(/params\.w\[1\] = NaN/);
    const back = loadRunCheckpoint(dir, identity, { params: good, optState, graph: false });
    expect(back.progress.epoch).toBe(1);
    expect(Array.from(back.params['w'].dataSync())).toEqual([1, 2]);
    tf.dispose([good.w, bad.w, back.params['w']]);
  });

  it('refuses another run, another model shape, and graph learning present on one side only', () => {
    const params = { w: tf.tensor1d([1, 2]) };
    saveRunCheckpoint(dir, identity, { params, optState: { count: 1 }, progress: progressAt(1), dropoutDraws: [] });
    expect(() => loadRunCheckpoint(dir, { ...identity, seed: 1 }, { params, optState: { count: 0 }, graph: false })).toThrow(/another run/);
    const wider = { w: tf.tensor1d([1, 2, 3]) };
    expect(() => loadRunCheckpoint(dir, identity, { params: wider, optState: { count: 0 }, graph: false })).toThrow(InvalidArgumentError);
    expect(() => loadRunCheckpoint(dir, identity, { params, optState: { count: 0 }, graph: true })).toThrow(/without graph learning, this run is with/);
    tf.dispose([params.w, wider.w]);
  });
});
