import * as tf from '@tensorflow/tfjs';
import { dropout, dropoutFeatures } from './dropout';
import type { GcnOptions } from './gcn';
import { GCN_DEFAULTS, validateLayerOptions } from './gcn';
import { initLinear, linear } from './linear';
import type { GraphInputs, Model } from './model';

export type MlpOptions = GcnOptions;

export const MLP_DEFAULTS: MlpOptions = GCN_DEFAULTS;

/**
 * Two-layer perceptron that ignores the graph (peer.py's `mlp`):
 *
 *   logits = drop(relu(drop(X) W₁ + b₁)) W₂ + b₂.
 *
 * Parameters `lin1.weight`, `lin1.bias`, `lin2.weight`, `lin2.bias` (Glorot, zero biases).
 */
export function mlp(options: Partial<MlpOptions> = {}): Model<GraphInputs> {
  const o = validateLayerOptions('mlp', { ...MLP_DEFAULTS, ...options });
  return {
    name: 'mlp',
    init: (rng, dims) => ({
      ...initLinear(rng, 'lin1', dims.features, o.hidden),
      ...initLinear(rng, 'lin2', o.hidden, dims.classes),
    }),
    apply(params, { features }, ctx) {
      const h = tf.relu(linear(params, 'lin1', dropoutFeatures(features, o.dropout, ctx)));
      return linear(params, 'lin2', dropout(h, o.dropout, ctx));
    },
  };
}
