/** Fixtures for specs of the training loop (`@gsn/train/testing`). */
import * as tf from '@tensorflow/tfjs';
import type { GraphInputs, Model } from '@gsn/nn';
import { createRng, csrTensorFromCsr } from '@gsn/tensor';
import { randomLabels, randomSparseFeatures, ringAdjacency } from '@gsn/nn/testing';
import type { NodeClassificationTask, Split } from './task';

/** A 40-node ring task with sparse features, random labels and a 20/10/10 split (specs only). */
export function ringTask(): { task: NodeClassificationTask<GraphInputs>; split: Split } {
  const n = 40;
  const rng = createRng(21);
  const features = csrTensorFromCsr(randomSparseFeatures(rng, n, 12, 0.3));
  const task = {
    name: 'ring',
    inputs: { features, adjacency: csrTensorFromCsr(ringAdjacency(n)) },
    labels: randomLabels(rng, n, 3),
    dims: { nodes: n, features: 12, classes: 3 },
  };
  const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);
  return { task, split: { name: '0', train: range(0, 20), val: range(20, 30), test: range(30, 40) } };
}

/**
 * A model whose evaluation logits follow a script: the k-th evaluation pass predicts
 * `script[k]` (one class per node); training passes return `b` broadcast (so there is a
 * gradient). Reports `iterations` and `converged` as its solver statistics.
 */
export function scriptedModel(script: readonly number[][], classes: number, iterations = 3, converged = true): Model<GraphInputs> {
  let evaluations = 0;
  return {
    name: 'scripted',
    init: () => ({ b: tf.zeros([classes]) }),
    apply(params, inputs, ctx) {
      const n = inputs.adjacency.nRows;
      if (ctx.training) return tf.mul(tf.ones([n, 1]), params.b) as tf.Tensor2D;
      const row = script[Math.min(evaluations++, script.length - 1)];
      return tf.oneHot(tf.tensor1d(row, 'int32'), classes).toFloat() as tf.Tensor2D;
    },
    stats: () => ({ solverIterations: iterations, converged }),
  };
}
