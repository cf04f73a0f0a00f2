import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from '@gsn/tensor';
import type { GradientTransformation } from './transform';
import { mapParams } from './transform';

/** A learning rate per step: `step` counts from 0. */
export type Schedule = (step: number) => number;

/**
 * Multiplies updates by `−lr` (a descent step), `lr` a number or a schedule of the step count.
 * The state is the step count.
 */
export function scaleByLearningRate(lr: number | Schedule): GradientTransformation<number> {
  if (typeof lr === 'number' && !(lr >= 0)) throw new InvalidArgumentError(`learning rate ${lr} is negative or NaN`);
  const rate: Schedule = typeof lr === 'number' ? () => lr : lr;
  return {
    init: () => 0,
    update(grads, step) {
      const scale = -rate(step);
      return { updates: mapParams(grads, (g) => tf.mul(g, scale)), state: step + 1 };
    },
  };
}
