import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError, spmm } from '@gsn/tensor';
import { dropout, dropoutFeatures } from './dropout';
import { matMulFeatures } from './features';
import { initLinear } from './linear';
import type { GraphInputs, Model } from './model';

export interface GcnOptions {
  readonly hidden: number;
  /** Dropout rate on the input features (nonzeros only) and on the hidden layer. */
  readonly dropout: number;
}

/** Kipf & Welling (2017), as trained by peer.py. */
export const GCN_DEFAULTS: GcnOptions = Object.freeze({ hidden: 64, dropout: 0.5 });

export function validateLayerOptions(model: string, o: GcnOptions): GcnOptions {
  if (!(Number.isInteger(o.hidden) && o.hidden > 0)) {
    throw new InvalidArgumentError(`${model}: hidden = ${o.hidden} is not a positive integer`);
  }
  if (!(o.dropout >= 0 && o.dropout < 1)) throw new InvalidArgumentError(`${model}: dropout = ${o.dropout} is not in [0, 1)`);
  return o;
}

/**
 * Two-layer GCN (Kipf & Welling 2017):
 *
 *   H = relu(Â · drop(X) W₁ + b₁),   logits = Â · drop(H) W₂ + b₂,
 *
 * Glorot weights, zero biases; parameters `lin1.weight`, `lin1.bias`, `lin2.weight`, `lin2.bias`.
 * Shapes: X (n × d), Â (n × n), W₁ (d × hidden), W₂ (hidden × classes), logits (n × classes).
 */
export function gcn(options: Partial<GcnOptions> = {}): Model<GraphInputs> {
  const o = validateLayerOptions('gcn', { ...GCN_DEFAULTS, ...options });
  return {
    name: 'gcn',
    init: (rng, dims) => ({
      ...initLinear(rng, 'lin1', dims.features, o.hidden),
      ...initLinear(rng, 'lin2', o.hidden, dims.classes),
    }),
    apply(params, { features, adjacency }, ctx) {
      const x = dropoutFeatures(features, o.dropout, ctx);
      const xw = matMulFeatures(x, params['lin1.weight'] as tf.Tensor2D);
      const h = dropout(tf.relu(tf.add(spmm(adjacency, xw), params['lin1.bias'])) as tf.Tensor2D, o.dropout, ctx);
      const hw = tf.matMul(h, params['lin2.weight']) as tf.Tensor2D;
      return tf.add(spmm(adjacency, hw), params['lin2.bias']) as tf.Tensor2D;
    },
  };
}
