import * as tf from '@tensorflow/tfjs';
import { concatColumns, type Rng } from '@gsn/tensor';
import type { Features } from './features';
import { matMulFeatures } from './features';
import type { Params } from './params';
import { glorotUniform } from './params';

/**
 * Parameters of a dense layer `x W + b`, under `<name>.weight` (`fanIn × fanOut`, Glorot) and
 * `<name>.bias` (`fanOut`, zeros; left out with `bias: false`).
 */
export function initLinear(rng: Rng, name: string, fanIn: number, fanOut: number, { bias = true } = {}): Params {
  const weight = glorotUniform(rng, fanIn, fanOut);
  return bias ? { [`${name}.weight`]: weight, [`${name}.bias`]: tf.zeros([fanOut]) } : { [`${name}.weight`]: weight };
}

/**
 * `y = x W + b` with `W = params['<name>.weight']`, `b = params['<name>.bias']` when present.
 * `x` may be sparse CSR features (then `x W` is one spmm).
 *
 * Shapes: x (n × fanIn), y (n × fanOut).
 */
export function linear(params: Params, name: string, x: Features): tf.Tensor2D {
  const y = matMulFeatures(x, params[`${name}.weight`] as tf.Tensor2D);
  const bias = params[`${name}.bias`];
  return bias ? tf.add(y, bias) : y;
}

/**
 * Linear readout of several node-state blocks side by side: `[h₁, …, h_m] W + b`
 * (for a stationary layer, `[u, v]`). Shapes: each h (n × dᵢ), y (n × classes).
 */
export function readout(params: Params, name: string, states: readonly tf.Tensor2D[]): tf.Tensor2D {
  return linear(params, name, concatColumns(states));
}
