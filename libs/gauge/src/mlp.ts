import { InvalidArgumentError, ShapeError, type Rng } from '@gsn/tensor';

/** Positively 1-homogeneous activations: σ(αz) = ασ(z) for α > 0. */
export type HomogeneousActivation = 'relu' | 'leaky-relu' | 'identity';

/**
 * A fully connected network f(x) = W_L σ(… σ(W_1 x + b_1) …) + b_L stored as one flat float64
 * vector θ = [W_1, b_1, W_2, b_2, …], W_ℓ row-major (fanOut x fanIn), so that orbit generators,
 * gradients and flows are plain vectors of the same length.
 */
export interface MlpSpec {
  /** Layer widths [d_0 (input), d_1, …, d_L (output)]. */
  readonly sizes: readonly number[];
  readonly activation: HomogeneousActivation;
  /** Negative slope of leaky-ReLU (ignored otherwise). */
  readonly leak?: number;
}

export interface LayerOffsets {
  readonly weight: number;
  readonly bias: number;
  readonly fanIn: number;
  readonly fanOut: number;
}

export function validateMlpSpec(spec: MlpSpec): void {
  if (spec.sizes.length < 2 || spec.sizes.some((s) => !Number.isInteger(s) || s < 1)) {
    throw new InvalidArgumentError(`MlpSpec.sizes must be >= 2 positive integers, got [${spec.sizes.join(', ')}]`);
  }
  if (spec.activation === 'leaky-relu' && !(spec.leak !== undefined && spec.leak >= 0 && spec.leak < 1)) {
    throw new InvalidArgumentError(`MlpSpec.leak must be in [0, 1) for leaky-relu, got ${spec.leak}`);
  }
}

/** Where each layer's weight and bias start inside θ. */
export function layerOffsets(spec: MlpSpec): LayerOffsets[] {
  const out: LayerOffsets[] = [];
  let at = 0;
  for (let l = 1; l < spec.sizes.length; l++) {
    const fanIn = spec.sizes[l - 1];
    const fanOut = spec.sizes[l];
    out.push({ weight: at, bias: at + fanIn * fanOut, fanIn, fanOut });
    at += fanIn * fanOut + fanOut;
  }
  return out;
}

export function parameterCount(spec: MlpSpec): number {
  const last = layerOffsets(spec).at(-1)!;
  return last.bias + last.fanOut;
}

/** He-style initialisation: W_ℓ entries N(0, 2/fanIn) (1/fanIn on the last layer), zero biases. */
export function initMlp(spec: MlpSpec, rng: Rng): Float64Array {
  validateMlpSpec(spec);
  const theta = new Float64Array(parameterCount(spec));
  const offs = layerOffsets(spec);
  offs.forEach((o, l) => {
    const std = Math.sqrt((l === offs.length - 1 ? 1 : 2) / o.fanIn);
    for (let i = 0; i < o.fanIn * o.fanOut; i++) theta[o.weight + i] = std * rng.normal();
  });
  return theta;
}

function activate(spec: MlpSpec, z: number): number {
  if (z > 0 || spec.activation === 'identity') return z;
  return spec.activation === 'relu' ? 0 : (spec.leak ?? 0) * z;
}

function slope(spec: MlpSpec, z: number): number {
  if (z > 0 || spec.activation === 'identity') return 1;
  return spec.activation === 'relu' ? 0 : (spec.leak ?? 0);
}

interface ForwardTrace {
  /** Inputs to each layer (activations of the previous one), N x fanIn. */
  readonly inputs: Float64Array[];
  /** Pre-activations of each layer, N x fanOut. */
  readonly pre: Float64Array[];
}

function forwardTrace(spec: MlpSpec, theta: Float64Array, x: Float64Array, n: number): ForwardTrace {
  validateMlpSpec(spec);
  const offs = layerOffsets(spec);
  if (theta.length !== parameterCount(spec)) throw new ShapeError(`θ has ${theta.length} entries, spec needs ${parameterCount(spec)}`);
  if (x.length !== n * spec.sizes[0]) throw new ShapeError(`X has ${x.length} entries, expected ${n} x ${spec.sizes[0]}`);
  const inputs: Float64Array[] = [];
  const pre: Float64Array[] = [];
  let h = x;
  offs.forEach((o, l) => {
    inputs.push(h);
    const z = new Float64Array(n * o.fanOut);
    for (let s = 0; s < n; s++) {
      for (let j = 0; j < o.fanOut; j++) {
        let acc = theta[o.bias + j];
        const row = o.weight + j * o.fanIn;
        for (let k = 0; k < o.fanIn; k++) acc += theta[row + k] * h[s * o.fanIn + k];
        z[s * o.fanOut + j] = acc;
      }
    }
    pre.push(z);
    h = l === offs.length - 1 ? z : z.map((v) => activate(spec, v));
  });
  return { inputs, pre };
}

/** Outputs f(x_s) for the N rows of X (N x d_0), as an N x d_L array. */
export function mlpForward(spec: MlpSpec, theta: Float64Array, x: Float64Array, n: number): Float64Array {
  return forwardTrace(spec, theta, x, n).pre.at(-1)!;
}

export interface LossAndGradient {
  readonly loss: number;
  readonly grad: Float64Array;
}

/** Squared loss L(θ) = (1/2N) Σ_s ‖f(x_s) − y_s‖² and its gradient (backpropagation). */
export function mlpLossAndGradient(spec: MlpSpec, theta: Float64Array, x: Float64Array, y: Float64Array, n: number): LossAndGradient {
  const { inputs, pre } = forwardTrace(spec, theta, x, n);
  const offs = layerOffsets(spec);
  const out = pre.at(-1)!;
  if (y.length !== out.length) throw new ShapeError(`Y has ${y.length} entries, expected ${out.length}`);
  const grad = new Float64Array(theta.length);
  let loss = 0;
  let delta = new Float64Array(out.length); // ∂L/∂z of the current layer
  for (let i = 0; i < out.length; i++) {
    const r = out[i] - y[i];
    loss += r * r;
    delta[i] = r / n;
  }
  loss /= 2 * n;
  for (let l = offs.length - 1; l >= 0; l--) {
    const o = offs[l];
    const h = inputs[l];
    for (let s = 0; s < n; s++) {
      for (let j = 0; j < o.fanOut; j++) {
        const d = delta[s * o.fanOut + j];
        if (d === 0) continue;
        grad[o.bias + j] += d;
        const row = o.weight + j * o.fanIn;
        for (let k = 0; k < o.fanIn; k++) grad[row + k] += d * h[s * o.fanIn + k];
      }
    }
    if (l === 0) break;
    const below = new Float64Array(n * o.fanIn);
    const zBelow = pre[l - 1];
    for (let s = 0; s < n; s++) {
      for (let k = 0; k < o.fanIn; k++) {
        let acc = 0;
        for (let j = 0; j < o.fanOut; j++) acc += theta[o.weight + j * o.fanIn + k] * delta[s * o.fanOut + j];
        below[s * o.fanIn + k] = acc * slope(spec, zBelow[s * o.fanIn + k]);
      }
    }
    delta = below;
  }
  return { loss, grad };
}
