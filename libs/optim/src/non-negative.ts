import * as tf from '@tensorflow/tfjs';
import type { GradientTransformation } from './transform';
import { mapParams } from './transform';
import type { ParamMask } from './weight-decay';

/**
 * Keeps the parameters `mask` selects non-negative: where `θ + u < 0` the update becomes `−θ`,
 * so the step lands on the face `θ = 0` (the Euclidean projection onto the orthant, for the
 * coordinates that would cross it). Place it last in a chain (Optax `keep_params_nonnegative`).
 * Used for graph edge weights: an edge whose weight reaches 0 is removed, not made negative.
 */
export function keepParamsNonNegative(mask: ParamMask = () => true): GradientTransformation<number> {
  return {
    init: () => 0,
    update(updates, state, params) {
      const projected = mapParams(updates, (u, name) => {
        if (!mask(name)) return u;
        const p = params[name];
        return tf.where(tf.less(tf.add(p, u), 0), tf.neg(p), u);
      });
      return { updates: projected, state };
    },
  };
}
