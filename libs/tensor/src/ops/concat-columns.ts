import * as tf from '@tensorflow/tfjs';
import { ShapeError } from '../errors';

/**
 * Copies row blocks between `blocks` (n × dᵢ each, row-major) and `whole` (n × Σdᵢ):
 * `toWhole` packs them side by side, otherwise unpacks `whole` into them.
 */
function moveColumns(blocks: readonly Float32Array[], widths: readonly number[], whole: Float32Array, n: number, toWhole: boolean): void {
  const total = widths.reduce((a, d) => a + d, 0);
  let offset = 0;
  for (let b = 0; b < blocks.length; b++) {
    const block = blocks[b];
    const d = widths[b];
    for (let r = 0; r < n; r++) {
      const w = r * total + offset;
      const k = r * d;
      if (toWhole) for (let c = 0; c < d; c++) whole[w + c] = block[k + c];
      else for (let c = 0; c < d; c++) block[k + c] = whole[w + c];
    }
    offset += d;
  }
}

/**
 * `[x₁, …, x_m]` side by side (n × Σdᵢ, float32), differentiable: the same values as
 * `tf.concat(xs, 1)`, and the gradient hands each block its columns of dy. Why not
 * `tf.concat`: on the wasm backend a concat along axis 1 and its gradient (a split) copy row by
 * row through tfjs's kernels: 338 ms over 4 epochs for a 250,000 × (8 + 8) readout input, the
 * largest serial piece left of a graph-sharded epoch (CPU profile, machine under load ~2); here
 * each is one pass over typed arrays (212 ms in the same profile, first calls included).
 */
export function concatColumns(xs: readonly tf.Tensor2D[]): tf.Tensor2D {
  if (xs.length === 0) throw new ShapeError('concatColumns: no blocks');
  const n = xs[0].shape[0];
  xs.forEach((x, b) => {
    if (x.rank !== 2 || x.shape[0] !== n || x.dtype !== 'float32') {
      throw new ShapeError(`concatColumns: block ${b} is ${x.dtype} [${x.shape}], expected float32 [${n}, d]`);
    }
  });
  if (xs.length === 1) return xs[0];
  const widths = xs.map((x) => x.shape[1]);
  const total = widths.reduce((a, d) => a + d, 0);
  const op = tf.customGrad((...args: (tf.Tensor | ((saved: tf.Tensor[]) => void))[]) => {
    const blocks = args.slice(0, xs.length) as tf.Tensor2D[];
    const whole = new Float32Array(n * total);
    moveColumns(blocks.map((x) => x.dataSync() as Float32Array), widths, whole, n, true);
    return {
      value: tf.tensor2d(whole, [n, total]),
      gradFunc: (dy: tf.Tensor) => {
        const parts = widths.map((d) => new Float32Array(n * d));
        moveColumns(parts, widths, dy.dataSync() as Float32Array, n, false);
        return parts.map((p, b) => tf.tensor2d(p, [n, widths[b]]));
      },
    };
  });
  return op(...xs) as tf.Tensor2D;
}
