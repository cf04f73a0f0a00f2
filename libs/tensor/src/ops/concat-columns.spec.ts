import * as tf from '@tensorflow/tfjs';
import { availableBackends, useBackend } from '../backend/backend';
import { ShapeError } from '../errors';
import { createRng } from '../rng';
import { expectClose, finiteDifferenceGradient, randomArray } from '../testing';
import { concatColumns } from './concat-columns';

const N = 5;
const WIDTHS = [3, 1, 4];

describe.each(availableBackends())('concatColumns on %s', (backend) => {
  beforeAll(() => useBackend(backend));
  const rng = createRng(4);
  const xs = WIDTHS.map((d) => randomArray(rng, N * d));
  const w = randomArray(rng, N * WIDTHS.reduce((a, d) => a + d, 0));

  it('gives the values of tf.concat along axis 1', () => {
    const [ours, theirs] = tf.tidy(() => {
      const ts = xs.map((x, b) => tf.tensor2d(Float32Array.from(x), [N, WIDTHS[b]]));
      return [concatColumns(ts).dataSync(), tf.concat(ts, 1).dataSync()];
    });
    expect(Array.from(ours)).toEqual(Array.from(theirs));
  });

  it('has the gradient of L = Σ W ∘ sin([x₁, x₂, x₃]) (finite differences, float64 reference)', () => {
    const grads = tf.tidy(() =>
      tf.grads((...ts: tf.Tensor[]) => tf.sum(tf.mul(tf.tensor1d(Float32Array.from(w)).reshape([N, -1]), tf.sin(concatColumns(ts as tf.Tensor2D[])))))(
        xs.map((x, b) => tf.tensor2d(Float32Array.from(x), [N, WIDTHS[b]])),
      ).map((g) => g.dataSync()),
    );
    // float64 reference, written without moveColumns: entry (r, c) of block b sits at column offset_b + c
    const loss = (blocks: Float64Array[]) => {
      const total = WIDTHS.reduce((a, d) => a + d, 0);
      let s = 0;
      let offset = 0;
      blocks.forEach((x, b) => {
        for (let r = 0; r < N; r++) for (let c = 0; c < WIDTHS[b]; c++) s += w[r * total + offset + c] * Math.sin(x[r * WIDTHS[b] + c]);
        offset += WIDTHS[b];
      });
      return s;
    };
    xs.forEach((x, b) => {
      const fd = finiteDifferenceGradient((xb) => loss(xs.map((other, k) => (k === b ? xb : other))), x.slice());
      expectClose(grads[b], fd, 2e-5, `d/dx${b + 1}`);
    });
  });

  it('refuses blocks of other row counts, ranks or dtypes, naming the block', () => {
    expect(() => concatColumns([tf.zeros([2, 3]), tf.zeros([3, 3])] as tf.Tensor2D[])).toThrow(/block 1/);
    expect(() => concatColumns([tf.zeros([2, 3]), tf.zeros([2, 3], 'int32')] as tf.Tensor2D[])).toThrow(ShapeError);
    expect(() => concatColumns([])).toThrow(ShapeError);
  });
});
