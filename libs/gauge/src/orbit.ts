import { ShapeError } from '@gsn/tensor';
import { layerOffsets, validateMlpSpec, type MlpSpec } from './mlp';

/** Hidden neuron `index` of hidden layer `layer` (0 = first hidden layer, output of W_1). */
export interface HiddenNeuron {
  readonly layer: number;
  readonly index: number;
}

/** Every hidden neuron, layer by layer: the gauge group is (ℝ_{>0})^H with H = hiddenNeurons().length. */
export function hiddenNeurons(spec: MlpSpec): HiddenNeuron[] {
  validateMlpSpec(spec);
  const out: HiddenNeuron[] = [];
  for (let layer = 0; layer < spec.sizes.length - 2; layer++) {
    for (let index = 0; index < spec.sizes[layer + 1]; index++) out.push({ layer, index });
  }
  return out;
}

/**
 * Calls `visit(position, sign)` for the entries of θ that neuron j rescales: sign +1 on
 * w_in,j = (row j of W_ℓ, b_ℓ,j), sign −1 on w_out,j = column j of W_{ℓ+1}.
 */
function forEachEntry(spec: MlpSpec, neuron: HiddenNeuron, visit: (position: number, sign: 1 | -1) => void): void {
  const offs = layerOffsets(spec);
  const inL = offs[neuron.layer];
  const outL = offs[neuron.layer + 1];
  for (let k = 0; k < inL.fanIn; k++) visit(inL.weight + neuron.index * inL.fanIn + k, 1);
  visit(inL.bias + neuron.index, 1);
  for (let r = 0; r < outL.fanOut; r++) visit(outL.weight + r * outL.fanIn + neuron.index, -1);
}

/** Orbit generator ξ_j(θ) = d/dt|₀ (rescaling of neuron j by e^t) θ: +w_in, −w_out, 0 elsewhere. */
export function orbitGenerator(spec: MlpSpec, theta: Float64Array, neuron: HiddenNeuron): Float64Array {
  const xi = new Float64Array(theta.length);
  forEachEntry(spec, neuron, (p, sign) => (xi[p] = sign * theta[p]));
  return xi;
}

export interface NeuronNorms {
  /** ‖w_in,j‖² per hidden neuron (order of hiddenNeurons). */
  readonly inSq: Float64Array;
  /** ‖w_out,j‖² per hidden neuron. */
  readonly outSq: Float64Array;
}

/** Squared in/out norms of every hidden neuron of the parameter-shaped vector v (θ or a gradient). */
export function neuronNorms(spec: MlpSpec, v: Float64Array): NeuronNorms {
  const neurons = hiddenNeurons(spec);
  const inSq = new Float64Array(neurons.length);
  const outSq = new Float64Array(neurons.length);
  neurons.forEach((nrn, j) =>
    forEachEntry(spec, nrn, (p, sign) => {
      if (sign > 0) inSq[j] += v[p] * v[p];
      else outSq[j] += v[p] * v[p];
    }),
  );
  return { inSq, outSq };
}

/** Imbalances Δ_j = ‖w_in,j‖² − ‖w_out,j‖² (conserved by gradient flow on L, SPEC 003 F3). */
export function imbalances(spec: MlpSpec, theta: Float64Array): Float64Array {
  const { inSq, outSq } = neuronNorms(spec, theta);
  return inSq.map((a, j) => a - outSq[j]);
}

/** Log-imbalances δ_j = log(‖w_in,j‖/‖w_out,j‖) (shift by 2 log α_j under the gauge action). */
export function logImbalances(spec: MlpSpec, theta: Float64Array): Float64Array {
  const { inSq, outSq } = neuronNorms(spec, theta);
  return inSq.map((a, j) => 0.5 * Math.log(a / outSq[j]));
}

/**
 * Gram matrix K_jk = ⟨ξ_j, ξ_k⟩ (H x H): K_jj = ‖w_in,j‖² + ‖w_out,j‖², K_jk = −W_kj² for j in
 * hidden layer ℓ and k in hidden layer ℓ+1 (their generators share the entry W_{ℓ+1}[k, j]).
 */
export function generatorGram(spec: MlpSpec, theta: Float64Array): Float64Array {
  const neurons = hiddenNeurons(spec);
  const h = neurons.length;
  const k = new Float64Array(h * h);
  const { inSq, outSq } = neuronNorms(spec, theta);
  const offs = layerOffsets(spec);
  const first: number[] = [];
  let at = 0;
  for (let l = 0; l < spec.sizes.length - 2; l++) {
    first.push(at);
    at += spec.sizes[l + 1];
  }
  for (let j = 0; j < h; j++) k[j * h + j] = inSq[j] + outSq[j];
  for (let l = 0; l + 1 < first.length; l++) {
    const w = offs[l + 1];
    for (let kk = 0; kk < w.fanOut; kk++) {
      for (let jj = 0; jj < w.fanIn; jj++) {
        const v = -(theta[w.weight + kk * w.fanIn + jj] ** 2);
        const a = first[l] + jj;
        const b = first[l + 1] + kk;
        k[a * h + b] = v;
        k[b * h + a] = v;
      }
    }
  }
  return k;
}

/**
 * The gauge action: neuron j's w_in scaled by α_j = exp(s_j), its w_out by 1/α_j. Entries shared by
 * two generators get both factors. Positively homogeneous σ ⇒ f is unchanged.
 */
export function rescaleNeurons(spec: MlpSpec, theta: Float64Array, logScales: Float64Array): Float64Array {
  const neurons = hiddenNeurons(spec);
  if (logScales.length !== neurons.length) throw new ShapeError(`logScales has ${logScales.length} entries, network has ${neurons.length} hidden neurons`);
  const out = Float64Array.from(theta);
  neurons.forEach((nrn, j) => {
    const alpha = Math.exp(logScales[j]);
    forEachEntry(spec, nrn, (p, sign) => (out[p] = sign > 0 ? out[p] * alpha : out[p] / alpha));
  });
  return out;
}

/** Σ_j c_j ξ_j(θ): a vertical (pure-gauge) vector with coefficients c. */
export function verticalCombination(spec: MlpSpec, theta: Float64Array, coefficients: Float64Array): Float64Array {
  const neurons = hiddenNeurons(spec);
  if (coefficients.length !== neurons.length) throw new ShapeError(`coefficients has ${coefficients.length} entries, expected ${neurons.length}`);
  const v = new Float64Array(theta.length);
  neurons.forEach((nrn, j) => forEachEntry(spec, nrn, (p, sign) => (v[p] += sign * coefficients[j] * theta[p])));
  return v;
}
