import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from '@gsn/tensor';
import type { GradientTransformation, Params } from './transform';
import { chain, mapParams } from './transform';
import { scaleByLearningRate } from './learning-rate';

export interface AdamOptions {
  /** Decay of the first-moment average. */
  readonly b1: number;
  /** Decay of the second-moment average. */
  readonly b2: number;
  /** Added to the root of the second moment (outside the root, as in Kingma & Ba and torch). */
  readonly eps: number;
}

export const ADAM_DEFAULTS: AdamOptions = Object.freeze({ b1: 0.9, b2: 0.999, eps: 1e-8 });

export function validateAdamOptions(o: AdamOptions): AdamOptions {
  for (const field of ['b1', 'b2'] as const) {
    if (!(o[field] >= 0 && o[field] < 1)) throw new InvalidArgumentError(`adam: ${field} = ${o[field]} is not in [0, 1)`);
  }
  if (!(o.eps >= 0)) throw new InvalidArgumentError(`adam: eps = ${o.eps} is negative or NaN`);
  return o;
}

export interface AdamState {
  readonly count: number;
  readonly mu: Params;
  readonly nu: Params;
  [key: string]: number | Params;
}

/**
 * Adam's rescaling (Kingma & Ba 2015), without the learning rate:
 *
 *   m ← b1 m + (1 − b1) g,   v ← b2 v + (1 − b2) g²,   t ← t + 1,
 *   u = (m / (1 − b1ᵗ)) / (√(v / (1 − b2ᵗ)) + eps).
 *
 * Reference: Optax `scale_by_adam`; torch.optim.Adam gives the same numbers.
 */
export function scaleByAdam(options: Partial<AdamOptions> = {}): GradientTransformation<AdamState> {
  const { b1, b2, eps } = validateAdamOptions({ ...ADAM_DEFAULTS, ...options });
  return {
    init: (params) => ({
      count: 0,
      mu: mapParams(params, (p) => tf.zerosLike(p)),
      nu: mapParams(params, (p) => tf.zerosLike(p)),
    }),
    update(grads, state) {
      const count = state.count + 1;
      const mu = mapParams(grads, (g, k) => tf.add(tf.mul(state.mu[k], b1), tf.mul(g, 1 - b1)));
      const nu = mapParams(grads, (g, k) => tf.add(tf.mul(state.nu[k], b2), tf.mul(tf.square(g), 1 - b2)));
      const c1 = 1 / (1 - b1 ** count);
      const c2 = 1 / (1 - b2 ** count);
      const updates = mapParams(mu, (m, k) => tf.div(tf.mul(m, c1), tf.add(tf.sqrt(tf.mul(nu[k], c2)), eps)));
      return { updates, state: { count, mu, nu } };
    },
  };
}

/** Adam with learning rate `lr`: `chain(scaleByAdam(options), scaleByLearningRate(lr))` (Optax `adam`). */
export function adam(lr: number, options: Partial<AdamOptions> = {}): GradientTransformation {
  return chain(scaleByAdam(options), scaleByLearningRate(lr));
}
