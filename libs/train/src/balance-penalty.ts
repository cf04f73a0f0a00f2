import * as tf from '@tensorflow/tfjs';
import type { Params } from '@gsn/nn';
import type { Potential } from '@gsn/stationary';
import { InvalidArgumentError, ShapeError } from '@gsn/tensor';

/**
 * One hidden layer of h units as the norm-balancing penalty sees it (tfjs kernels, in-out
 * layout): unit j's in-weights are column j of `inWeight` [fanIn, h] and `inBias[j]`; its
 * out-weights are row `rows + j` of every `outWeights` entry ([*, fanOut]). Several out entries
 * arise when a unit feeds more than one map (the stationary network's skip readout).
 */
export interface GaugeUnits {
  readonly inWeight: tf.Tensor2D;
  readonly inBias?: tf.Tensor1D;
  readonly outWeights: readonly { readonly weight: tf.Tensor2D; readonly rows: number }[];
}

/**
 * Ω_λ = (λ/4) Σ_j (‖w_in,j‖² − ‖w_out,j‖²)² over the hidden units of every group (SPEC 003 §3.2,
 * the same penalty as `normBalancingPenalty` of `@gsn/gauge`, there on typed arrays), as a
 * tfjs scalar: tfjs autodiff gives its gradient λ Σ_j Δ_j ξ_j.
 */
export function normBalancingPenaltyTf(groups: readonly GaugeUnits[], lambda: number): tf.Scalar {
  if (!(lambda >= 0 && Number.isFinite(lambda))) throw new InvalidArgumentError(`normBalancingPenaltyTf: lambda must be finite and >= 0, got ${lambda}`);
  return tf.tidy(() => {
    const terms = groups.map(({ inWeight, inBias, outWeights }) => {
      const h = inWeight.shape[1];
      let inSq: tf.Tensor = tf.sum(tf.square(inWeight), 0);
      if (inBias) inSq = tf.add(inSq, tf.square(inBias));
      let delta: tf.Tensor = inSq;
      for (const { weight, rows } of outWeights) {
        if (rows < 0 || rows + h > weight.shape[0]) throw new ShapeError(`normBalancingPenaltyTf: out rows [${rows}, ${rows + h}) outside ${weight.shape[0]} rows`);
        delta = tf.sub(delta, tf.sum(tf.square(tf.slice(weight, [rows, 0], [h, weight.shape[1]])), 1));
      }
      return tf.sum(tf.square(delta));
    });
    return tf.mul(lambda / 4, tf.addN(terms)) as tf.Scalar;
  });
}

/** Imbalances Δ_j of every hidden unit, group after group (for logging and tests). */
export function unitImbalances(groups: readonly GaugeUnits[]): Float64Array {
  const parts = groups.map(({ inWeight, inBias, outWeights }) =>
    tf.tidy(() => {
      const h = inWeight.shape[1];
      let delta: tf.Tensor = tf.sum(tf.square(inWeight), 0);
      if (inBias) delta = tf.add(delta, tf.square(inBias));
      for (const { weight, rows } of outWeights) delta = tf.sub(delta, tf.sum(tf.square(tf.slice(weight, [rows, 0], [h, weight.shape[1]])), 1));
      return Array.from(delta.dataSync());
    }),
  );
  return Float64Array.from(parts.flat());
}

/** Models whose real hidden channels are exact rescaling gauges (positive homogeneity). */
export const BALANCED_MODELS = ['mlp', 'gcn', 'stationary'] as const;
export type BalancedModel = (typeof BALANCED_MODELS)[number];

const weight = (params: Params, name: string): tf.Tensor2D => {
  const t = params[`${name}.weight`];
  if (!t || t.rank !== 2) throw new ShapeError(`gaugeUnits: parameter ${name}.weight is missing or not a matrix`);
  return t as tf.Tensor2D;
};
const bias = (params: Params, name: string): tf.Tensor1D | undefined => params[`${name}.bias`] as tf.Tensor1D | undefined;

/**
 * The hidden units of a model's parameters (`@gsn/nn`'s `mlp` and `gcn`: lin1 → relu → lin2;
 * gsn's `stationaryNetwork`: input → T_0 → mix1 → … → T_{L−1} → readout, each real channel of
 * s_l a gauge since T_l is positively homogeneous channel by channel for the ReLU or zero
 * potential). With the stationary network's skip readout [relu(s₀), ψ_{L−1}] (readout fanIn
 * 2·2c), s₀'s units also feed readout rows [0, 2c) and the last layer's rows [2c, 4c).
 * GCN's propagation Â is linear, so its hidden channels are gauges too.
 */
export function gaugeUnits(model: BalancedModel, params: Params): GaugeUnits[] {
  if (model === 'mlp' || model === 'gcn') {
    return [{ inWeight: weight(params, 'lin1'), inBias: bias(params, 'lin1'), outWeights: [{ weight: weight(params, 'lin2'), rows: 0 }] }];
  }
  if (model !== 'stationary') throw new InvalidArgumentError(`gaugeUnits: model '${String(model)}' has no channel gauge here (${BALANCED_MODELS.join(', ')})`);
  const layers = 1 + Object.keys(params).filter((k) => /^mix\d+\.weight$/.test(k)).length;
  const names = ['input', ...Array.from({ length: layers - 1 }, (_, l) => `mix${l + 1}`)];
  const width = weight(params, 'input').shape[1];
  const readout = weight(params, 'readout');
  const skip = readout.shape[0] === 2 * width;
  if (!skip && readout.shape[0] !== width) throw new ShapeError(`gaugeUnits: readout has ${readout.shape[0]} rows, expected ${width} or ${2 * width}`);
  return names.map((name, l) => {
    const outWeights: { weight: tf.Tensor2D; rows: number }[] = [];
    if (l + 1 < layers) outWeights.push({ weight: weight(params, names[l + 1]), rows: 0 });
    if (skip && l === 0) outWeights.push({ weight: readout, rows: 0 });
    if (l + 1 === layers) outWeights.push({ weight: readout, rows: skip ? width : 0 });
    return { inWeight: weight(params, name), inBias: bias(params, name), outWeights };
  });
}

/** Throws unless Φ is positively homogeneous (ReLU or zero), the condition for the channel gauge. */
export function assertPositivelyHomogeneous(potential: Pick<Potential, 'name'>): void {
  if (potential.name !== 'relu' && potential.name !== 'zero') {
    throw new InvalidArgumentError(
      `balance: the potential '${potential.name}' is not positively homogeneous (only relu and zero are), so channel rescalings are no symmetry and the norm-balancing penalty would change the function`,
    );
  }
}

/** The training-loss term Ω_λ of a model (its `penalty` hook): `(params) => Ω_λ(params)`. */
export function balancePenalty(model: string, lambda: number, potential?: Pick<Potential, 'name'>): (params: Params) => tf.Scalar {
  if (!(BALANCED_MODELS as readonly string[]).includes(model)) {
    throw new InvalidArgumentError(`balance: --balance applies to ${BALANCED_MODELS.join(', ')}, not '${model}'`);
  }
  if (!(lambda > 0 && Number.isFinite(lambda))) throw new InvalidArgumentError(`balance: lambda must be a finite number > 0, got ${lambda}`);
  if (model === 'stationary' && potential) assertPositivelyHomogeneous(potential);
  return (params) => normBalancingPenaltyTf(gaugeUnits(model as BalancedModel, params), lambda);
}
