import * as tf from '@tensorflow/tfjs';
import { createRng, useBackend } from '@gsn/tensor';
import { countParams, glorotUniform } from './params';
import { initLinear } from './linear';

beforeAll(() => useBackend('cpu'));

describe('glorotUniform', () => {
  it('draws within ±√(6 / (fanIn + fanOut)) with variance near a²/3, repeatably from a seed', () => {
    const w = glorotUniform(createRng(3), 40, 60);
    const a = Math.sqrt(6 / 100);
    const v = Array.from(w.dataSync());
    expect(Math.max(...v.map(Math.abs))).toBeLessThanOrEqual(a);
    const variance = v.reduce((s, x) => s + x * x, 0) / v.length;
    expect(variance).toBeCloseTo((a * a) / 3, 3);
    expect(Array.from(glorotUniform(createRng(3), 40, 60).dataSync())).toEqual(v);
    expect(Array.from(glorotUniform(createRng(4), 40, 60).dataSync())).not.toEqual(v);
  });
});

describe('initLinear', () => {
  it('names weight and bias under the layer name, zero bias, optional', () => {
    const p = initLinear(createRng(1), 'lin1', 5, 3);
    expect(Object.keys(p).sort()).toEqual(['lin1.bias', 'lin1.weight']);
    expect(p['lin1.weight'].shape).toEqual([5, 3]);
    expect(Array.from(p['lin1.bias'].dataSync())).toEqual([0, 0, 0]);
    expect(countParams(p)).toBe(18);
    expect(Object.keys(initLinear(createRng(1), 'w', 5, 3, { bias: false }))).toEqual(['w.weight']);
    tf.dispose(Object.values(p));
  });
});
