import { InvalidArgumentError, ShapeError, type Real } from '@gsn/tensor';
import { layerOffsets, parameterCount, type MlpSpec } from './mlp';

/**
 * One linear map of a chain x → W_1 x + b_1 → σ → W_2 · + b_2 → … as the penalty sees it. A layer
 * may hold several weight arrays of the same shape (e.g. the real and imaginary parts of a
 * stationary network's coupling S, or the u- and v-blocks of its readout): all of them are
 * rescaled together.
 */
export interface PenaltyLayer {
  readonly weights: readonly Real[];
  /** Each fanOut x biasWidth row-major: unit j owns entries j*biasWidth … (j+1)*biasWidth − 1. */
  readonly biases?: readonly Real[];
  /** Bias entries per unit (default 1; 2c for the (n, 2c) bias of a stationary layer). */
  readonly biasWidth?: number;
  readonly fanIn: number;
  readonly fanOut: number;
}

export interface PenaltyOptions {
  /** 'out-in': W[j, k] at j*fanIn + k (this lib, PyTorch); 'in-out': at k*fanOut + j (tfjs kernels). */
  readonly layout: 'out-in' | 'in-out';
  /**
   * 'neuron': one gauge per hidden unit (MLPs; stationary layers on an edgeless graph);
   * 'layer': one gauge per hidden layer, uniform over its units (stationary layers on any graph).
   */
  readonly grouping: 'neuron' | 'layer';
}

export const PENALTY_DEFAULTS: Readonly<PenaltyOptions> = Object.freeze({ layout: 'out-in', grouping: 'neuron' });

export interface PenaltyValue {
  /** Ω_λ = (λ/4) Σ_g Δ_g². */
  readonly value: number;
  /** Imbalance Δ_g of each gauge (hidden units in order, or one per hidden layer). */
  readonly imbalance: Float64Array;
  readonly weightGrads: Float64Array[][];
  readonly biasGrads: Float64Array[][];
}

function validate(layers: readonly PenaltyLayer[], lambda: number, o: PenaltyOptions): void {
  if (!(lambda >= 0 && Number.isFinite(lambda))) throw new InvalidArgumentError(`lambda must be finite and >= 0, got ${lambda}`);
  if (o.layout !== 'out-in' && o.layout !== 'in-out') throw new InvalidArgumentError(`layout must be 'out-in' or 'in-out', got ${o.layout}`);
  if (o.grouping !== 'neuron' && o.grouping !== 'layer') throw new InvalidArgumentError(`grouping must be 'neuron' or 'layer', got ${o.grouping}`);
  if (layers.length < 2) throw new ShapeError(`the penalty needs >= 2 layers (a hidden layer), got ${layers.length}`);
  layers.forEach((l, i) => {
    for (const w of l.weights) if (w.length !== l.fanIn * l.fanOut) throw new ShapeError(`layers[${i}]: weight has ${w.length} entries, expected ${l.fanOut} x ${l.fanIn}`);
    const bw = l.biasWidth ?? 1;
    if (!(Number.isInteger(bw) && bw >= 1)) throw new InvalidArgumentError(`layers[${i}].biasWidth must be a positive integer, got ${bw}`);
    for (const b of l.biases ?? []) if (b.length !== l.fanOut * bw) throw new ShapeError(`layers[${i}]: bias has ${b.length} entries, expected ${l.fanOut} x ${bw}`);
    if (i > 0 && l.fanIn !== layers[i - 1].fanOut) throw new ShapeError(`layers[${i}].fanIn = ${l.fanIn} but layers[${i - 1}].fanOut = ${layers[i - 1].fanOut}`);
  });
}

/**
 * The norm-balancing (soft gauge-fixing) penalty Ω_λ = (λ/4) Σ_g (‖w_in,g‖² − ‖w_out,g‖²)² and its
 * gradient λ Σ_g Δ_g ξ_g (SPEC 003 §3.2, F1), on plain typed arrays so that a trainer can add it to
 * its loss: value to the loss, gradients to the parameter gradients.
 */
export function normBalancingPenalty(layers: readonly PenaltyLayer[], lambda: number, options: Partial<PenaltyOptions> = {}): PenaltyValue {
  const o = { ...PENALTY_DEFAULTS, ...options };
  validate(layers, lambda, o);
  const at = (l: PenaltyLayer, j: number, k: number): number => (o.layout === 'out-in' ? j * l.fanIn + k : k * l.fanOut + j);
  // Per-unit squared norms: in-norm from layer l (rows), out-norm from layer l+1 (columns).
  const inSq = layers.slice(0, -1).map((l) => {
    const s = new Float64Array(l.fanOut);
    for (const w of l.weights) for (let j = 0; j < l.fanOut; j++) for (let k = 0; k < l.fanIn; k++) s[j] += w[at(l, j, k)] ** 2;
    const bw = l.biasWidth ?? 1;
    for (const b of l.biases ?? []) for (let p = 0; p < b.length; p++) s[Math.floor(p / bw)] += b[p] ** 2;
    return s;
  });
  const outSq = layers.slice(1).map((l) => {
    const s = new Float64Array(l.fanIn);
    for (const w of l.weights) for (let j = 0; j < l.fanOut; j++) for (let k = 0; k < l.fanIn; k++) s[k] += w[at(l, j, k)] ** 2;
    return s;
  });
  // Δ per unit, then per gauge.
  const unitDelta = inSq.map((s, l) => s.map((v, j) => v - outSq[l][j]));
  let imbalance: Float64Array;
  if (o.grouping === 'neuron') {
    imbalance = Float64Array.from(unitDelta.flatMap((d) => Array.from(d)));
  } else {
    imbalance = Float64Array.from(unitDelta.map((d) => d.reduce((a, b) => a + b, 0)));
    unitDelta.forEach((d, l) => d.fill(imbalance[l]));
  }
  let value = 0;
  for (const d of imbalance) value += d * d;
  value *= lambda / 4;
  // ∂Ω/∂W_l[j,k] = λ (Δ_in(l, j) − Δ_out(l−1, k)) W_l[j,k]; ∂Ω/∂b_l[j] = λ Δ_in(l, j) b_l[j].
  const inCoef = (l: number, j: number): number => (l < layers.length - 1 ? lambda * unitDelta[l][j] : 0);
  const outCoef = (l: number, k: number): number => (l > 0 ? lambda * unitDelta[l - 1][k] : 0);
  const weightGrads = layers.map((l, li) =>
    l.weights.map((w) => {
      const g = new Float64Array(w.length);
      for (let j = 0; j < l.fanOut; j++) {
        const cj = inCoef(li, j);
        for (let k = 0; k < l.fanIn; k++) {
          const p = at(l, j, k);
          g[p] = (cj - outCoef(li, k)) * w[p];
        }
      }
      return g;
    }),
  );
  const biasGrads = layers.map((l, li) => (l.biases ?? []).map((b) => Float64Array.from(b, (v, p) => inCoef(li, Math.floor(p / (l.biasWidth ?? 1))) * v)));
  return { value, imbalance, weightGrads, biasGrads };
}

/** The layers of a flat MLP parameter vector as penalty layers (views, no copies). */
export function mlpPenaltyLayers(spec: MlpSpec, theta: Float64Array): PenaltyLayer[] {
  if (theta.length !== parameterCount(spec)) throw new ShapeError(`θ has ${theta.length} entries, spec needs ${parameterCount(spec)}`);
  return layerOffsets(spec).map((o) => ({
    weights: [theta.subarray(o.weight, o.weight + o.fanIn * o.fanOut)],
    biases: [theta.subarray(o.bias, o.bias + o.fanOut)],
    fanIn: o.fanIn,
    fanOut: o.fanOut,
  }));
}

/** Ω_λ(θ) and ∇Ω_λ(θ) for a flat MLP parameter vector (per-neuron gauges). */
export function mlpNormBalancingPenalty(spec: MlpSpec, theta: Float64Array, lambda: number): { value: number; grad: Float64Array } {
  const r = normBalancingPenalty(mlpPenaltyLayers(spec, theta), lambda);
  const grad = new Float64Array(theta.length);
  layerOffsets(spec).forEach((o, l) => {
    grad.set(r.weightGrads[l][0], o.weight);
    grad.set(r.biasGrads[l][0], o.bias);
  });
  return { value: r.value, grad };
}
