import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from '@gsn/tensor';
import type { GradientTransformation } from './transform';
import { mapParams } from './transform';

/**
 * Rescales all updates together so that their global norm √(Σ‖gₖ‖²) is at most `maxNorm`:
 * `g ← g · min(1, maxNorm / ‖g‖)` (Optax `clip_by_global_norm`).
 */
export function clipByGlobalNorm(maxNorm: number): GradientTransformation<number> {
  if (!(maxNorm > 0)) throw new InvalidArgumentError(`clipByGlobalNorm: maxNorm ${maxNorm} is not positive`);
  return {
    init: () => 0,
    update(grads, state) {
      const squares = Object.values(grads).map((g) => tf.sum(tf.square(g)));
      if (squares.length === 0) return { updates: grads, state };
      const norm = tf.sqrt(tf.addN(squares));
      const scale = tf.minimum(1, tf.div(maxNorm, tf.maximum(norm, 1e-30)));
      return { updates: mapParams(grads, (g) => tf.mul(g, scale)), state };
    },
  };
}
