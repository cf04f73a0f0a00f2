import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from '@gsn/tensor';
import type { GradientTransformation } from './transform';
import { mapParams } from './transform';

/** Says which parameters a transform touches, by name. */
export type ParamMask = (name: string) => boolean;

/**
 * Adds `wd · param` to the update of every parameter selected by `mask` (all by default).
 * Placed before `scaleByAdam` it is L2 regularisation inside Adam (torch `Adam(weight_decay)`,
 * Kipf & Welling's GCN); placed after it, decoupled weight decay (AdamW).
 */
export function addDecayedWeights(wd: number, mask: ParamMask = () => true): GradientTransformation<number> {
  if (!(wd >= 0)) throw new InvalidArgumentError(`weight decay ${wd} is negative or NaN`);
  return {
    init: () => 0,
    update(grads, state, params) {
      const updates = mapParams(grads, (g, name) => (wd > 0 && mask(name) ? tf.add(g, tf.mul(params[name], wd)) : g));
      return { updates, state };
    },
  };
}
