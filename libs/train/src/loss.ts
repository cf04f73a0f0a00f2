import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from '@gsn/tensor';

/**
 * The constant `nodes × classes` matrix `T` with `T[i, y_i] = 1 / |train|` for the training
 * nodes and 0 elsewhere, so that the masked mean cross-entropy is `−Σ T ∘ logSoftmax(Z)`.
 * A product with a constant mask rather than a `gather` of rows: tfjs's `gather` gradient
 * needs `UnsortedSegmentSum`, which the wasm backend lacks.
 */
export function crossEntropyTargets(labels: Int32Array, classes: number, train: ArrayLike<number>): tf.Tensor2D {
  if (train.length === 0) throw new InvalidArgumentError('crossEntropyTargets: the training set is empty');
  const t = new Float32Array(labels.length * classes);
  for (let k = 0; k < train.length; k++) {
    const i = train[k];
    const y = labels[i];
    if (!(y >= 0 && y < classes)) throw new InvalidArgumentError(`crossEntropyTargets: node ${i} has label ${y}`);
    t[i * classes + y] += 1 / train.length;
  }
  return tf.tensor2d(t, [labels.length, classes]);
}

/** Masked mean cross-entropy `−Σᵢⱼ Tᵢⱼ log softmax(Z)ᵢⱼ` for targets from `crossEntropyTargets`. */
export function maskedCrossEntropy(logits: tf.Tensor2D, targets: tf.Tensor2D): tf.Scalar {
  return tf.neg(tf.sum(tf.mul(targets, tf.logSoftmax(logits)))) as tf.Scalar;
}
