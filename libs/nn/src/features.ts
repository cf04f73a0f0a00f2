import * as tf from '@tensorflow/tfjs';
import type { CsrTensor } from '@gsn/tensor';
import { spmm } from '@gsn/tensor';

/** Node features: dense `n × d`, or sparse CSR (bag-of-words inputs such as Cora's, 1.3% nonzero). */
export type Features = tf.Tensor2D | CsrTensor;

export function isCsrTensor(x: Features): x is CsrTensor {
  return !(x instanceof tf.Tensor);
}

/** Column count of dense or sparse features. */
export function featureCount(x: Features): number {
  return isCsrTensor(x) ? x.nCols : x.shape[1];
}

/** `x · weight` for dense `x` (matMul) or CSR `x` (spmm, which never densifies `x`). */
export function matMulFeatures(x: Features, weight: tf.Tensor2D): tf.Tensor2D {
  return isCsrTensor(x) ? spmm(x, weight) : tf.matMul(x, weight);
}
