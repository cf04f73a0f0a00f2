import * as tf from '@tensorflow/tfjs';
import type { WeightedGraph } from '@gsn/graph';
import { ShapeError } from '@gsn/tensor';

/** One affine map x W + b of a map predictor. Shapes: weight (in, out), bias (out). */
export interface AffineParams {
  readonly weight: tf.Tensor2D;
  readonly bias: tf.Tensor1D;
}

/**
 * Rows `index[k]` of x, with the scatter-add gradient written out in typed arrays: tfjs's
 * `gather` gradient needs `UnsortedSegmentSum`, which the wasm backend lacks.
 *
 * Shapes: x (n, F), index (k) → (k, F).
 */
function gatherRows(x: tf.Tensor2D, index: Int32Array): tf.Tensor2D {
  const [n, f] = x.shape;
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => ({
    value: tf.tidy(() => tf.gather(args[0] as tf.Tensor2D, tf.tensor1d(index, 'int32'))),
    gradFunc: (dy: tf.Tensor) => {
      const g = dy.dataSync();
      const out = new Float32Array(n * f);
      for (let k = 0; k < index.length; k++) {
        const row = index[k] * f;
        for (let c = 0; c < f; c++) out[row + c] += g[k * f + c];
      }
      return tf.tensor2d(out, [n, f], 'float32');
    },
  }));
  return op(x) as tf.Tensor2D;
}

/**
 * [h_src ‖ h_dst] W + b per edge, computed as h W_src |_src + h W_dst |_dst + b (W = [W_src; W_dst]):
 * the products on the n nodes, then one row selection per edge (edges ≫ nodes on most graphs).
 *
 * Shapes: features (n, F); weight (2F, K); bias (K) → (edges, K).
 */
function pairAffine(label: string, features: tf.Tensor2D, graph: WeightedGraph, { weight, bias }: AffineParams): tf.Tensor2D {
  const f = features.shape[1];
  if (weight.rank !== 2 || weight.shape[0] !== 2 * f) {
    throw new ShapeError(`${label}: weight has shape [${weight.shape}], expected [${2 * f}, K] for ${f} feature columns`);
  }
  if (bias.rank !== 1 || bias.shape[0] !== weight.shape[1]) {
    throw new ShapeError(`${label}: bias has shape [${bias.shape}], expected [${weight.shape[1]}]`);
  }
  const [wSrc, wDst] = tf.split(weight, 2, 0) as [tf.Tensor2D, tf.Tensor2D];
  const atSrc = gatherRows(tf.matMul(features, wSrc), graph.src);
  const atDst = gatherRows(tf.matMul(features, wDst), graph.dst);
  return tf.add(tf.add(atSrc, atDst), bias);
}

/**
 * Map parameters predicted from node features (Neural Sheaf Diffusion's linear learner):
 * θ_e = scale · tanh([h_src ‖ h_dst] W + b), one row per edge. Plain tfjs ops (and a gather with
 * its gradient written out, so it runs on wasm), so dℓ/dW, dℓ/db, dℓ/dh come from tfjs autodiff
 * on top of `sheafLayerOp`'s dℓ/dθ.
 *
 * Shapes: features (n, F); weight (2F, P); bias (P) → (edges, P).
 */
export function predictConnectionParams(
  features: tf.Tensor2D,
  graph: WeightedGraph,
  weight: tf.Tensor2D,
  bias: tf.Tensor1D,
  scale = Math.PI,
): tf.Tensor2D {
  return tf.tidy(() => tf.mul(tf.tanh(pairAffine('predictConnectionParams', features, graph, { weight, bias })), scale) as tf.Tensor2D);
}

/**
 * Map parameters from a one-hidden-layer ReLU learner on the pair:
 * θ_e = scale · tanh(relu([h_src ‖ h_dst] W₁ + b₁) W₂ + b₂). The linear learner is additive in
 * h_src and h_dst before its tanh, so the only flip (θ → ±π) it can express is along one signed
 * direction a·(h_src − h_dst); a hidden ReLU layer can form |a_k·(h_src − h_dst)| for several k,
 * a test of "same or different" that does not depend on the edge's orientation.
 *
 * Shapes: features (n, F); hidden.weight (2F, H), hidden.bias (H); output.weight (H, P),
 * output.bias (P) → (edges, P).
 */
export function predictConnectionParamsMlp(
  features: tf.Tensor2D,
  graph: WeightedGraph,
  hidden: AffineParams,
  output: AffineParams,
  scale = Math.PI,
): tf.Tensor2D {
  const label = 'predictConnectionParamsMlp';
  if (output.weight.rank !== 2 || output.weight.shape[0] !== hidden.weight.shape[1] || output.bias.shape[0] !== output.weight.shape[1]) {
    throw new ShapeError(
      `${label}: output weight [${output.weight.shape}] / bias [${output.bias.shape}] do not follow the hidden layer's ${hidden.weight.shape[1]} units`,
    );
  }
  return tf.tidy(() => {
    const h = tf.relu(pairAffine(label, features, graph, hidden));
    return tf.mul(tf.tanh(tf.add(tf.matMul(h, output.weight), output.bias)), scale) as tf.Tensor2D;
  });
}

/**
 * O(2) angles from class posteriors: θ_e = (π/2)·‖softmax(z_src) − softmax(z_dst)‖², in [0, π]:
 * 0 (the identity) where both ends are predicted alike, π (the flip −I) where they are predicted
 * as different classes with confidence. Learned linear predictors meet a flip only at second
 * order from θ = 0 (cos θ is even); here the flip follows the logits, which the loss trains anyway.
 *
 * Shapes: logits (n, C) → (edges, 1).
 */
export function anglesFromPosteriors(logits: tf.Tensor2D, graph: WeightedGraph): tf.Tensor2D {
  return tf.tidy(() => {
    const posterior = tf.softmax(logits);
    const gap = tf.sub(gatherRows(posterior, graph.src), gatherRows(posterior, graph.dst));
    return tf.mul(tf.sum(tf.square(gap), 1, true), Math.PI / 2) as tf.Tensor2D;
  });
}
