import * as tf from '@tensorflow/tfjs';
import type { GraphInputs, Model } from '@gsn/nn';
import { randomGraph } from '@gsn/stationary/testing';
import { createRng, useBackend } from '@gsn/tensor';
import type { NodeClassificationTask } from '@gsn/train';
import { ringTask } from '@gsn/train/testing';

/** The ring task of @gsn/train on a random 50-edge graph of its nodes, on the cpu backend. */
export async function ringFixture() {
  await useBackend('cpu');
  const fixture = ringTask();
  return { ...fixture, graph: randomGraph(createRng(3), fixture.task.dims.nodes, 50) };
}

/**
 * Test fixture of the sharded strategies: parameters after `steps` plain gradient steps on the
 * squared logits of the training pass (fixed dropout generator), to compare two ways of solving.
 */
export function trainedParams(model: Model<GraphInputs>, task: NodeClassificationTask<GraphInputs>, steps: number): Record<string, Float32Array> {
  let params = model.init(createRng(1), task.dims);
  const names = Object.keys(params).sort();
  for (let k = 0; k < steps; k++) {
    const grads = tf.grads((...ts: tf.Tensor[]) => {
      const logits = model.apply(Object.fromEntries(names.map((name, i) => [name, ts[i]])), task.inputs, { training: true, rng: createRng(2) });
      return tf.mean(tf.square(logits));
    })(names.map((name) => params[name]));
    // Edge weights stay ≥ 0 as `nonNegative` keeps them in training.
    params = Object.fromEntries(
      names.map((name, i) => {
        const stepped = tf.tidy(() => tf.sub(params[name], tf.mul(0.5, grads[i])));
        return [name, name.endsWith('edgeWeights') ? tf.relu(stepped) : stepped];
      }),
    );
  }
  return Object.fromEntries(names.map((name) => [name, Float32Array.from(params[name].dataSync())]));
}

/** The largest entrywise difference between two parameter sets of the same names. */
export function maxParamDifference(a: Record<string, Float32Array>, b: Record<string, Float32Array>): number {
  let max = 0;
  for (const name of Object.keys(a)) a[name].forEach((x, i) => (max = Math.max(max, Math.abs(x - b[name][i]))));
  return max;
}
