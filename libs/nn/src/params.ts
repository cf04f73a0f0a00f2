import * as tf from '@tensorflow/tfjs';
import type { Rng } from '@gsn/tensor';

/**
 * Trainable parameters of a model: a flat, plain record of tensors keyed by dotted names
 * (`lin1.weight`). Flat, so an optimizer partitions or masks parameters by name, and a
 * checkpoint is one record. Static configuration (sizes, rates) lives in the model, not here.
 */
export type Params = Readonly<Record<string, tf.Tensor>>;

/**
 * A `fanIn × fanOut` matrix drawn from Glorot & Bengio's uniform law,
 * `U(−a, a)` with `a = √(6 / (fanIn + fanOut))` (torch `xavier_uniform_`), from `rng`.
 */
export function glorotUniform(rng: Rng, fanIn: number, fanOut: number): tf.Tensor2D {
  const a = Math.sqrt(6 / (fanIn + fanOut));
  const values = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < values.length; i++) values[i] = (2 * rng.next() - 1) * a;
  return tf.tensor2d(values, [fanIn, fanOut]);
}

/** Number of scalars in a parameter record. */
export function countParams(params: Params): number {
  return Object.values(params).reduce((s, t) => s + t.size, 0);
}

/** Disposes every tensor of a parameter record. */
export function disposeParams(params: Params): void {
  for (const t of Object.values(params)) t.dispose();
}
