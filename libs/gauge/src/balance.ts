import { InvalidArgumentError } from '@gsn/tensor';
import type { MlpSpec } from './mlp';
import { hiddenNeurons, neuronNorms, rescaleNeurons } from './orbit';

export interface HardGaugeFixOptions {
  /** Stop when max_j |Δ_j| / (‖w_in,j‖² + ‖w_out,j‖²) <= tol. */
  readonly tol: number;
  readonly maxSweeps: number;
}

export const HARD_GAUGE_FIX_DEFAULTS: Readonly<HardGaugeFixOptions> = Object.freeze({ tol: 1e-13, maxSweeps: 500 });

export interface HardGaugeFix {
  /** The balanced representative θ̄ of θ's orbit (same function). */
  readonly theta: Float64Array;
  /** s with θ̄ = rescaleNeurons(θ, s); hence θ = rescaleNeurons(θ̄, −s). */
  readonly logScales: Float64Array;
  readonly sweeps: number;
  /** max_j |Δ_j| / (‖w_in,j‖² + ‖w_out,j‖²) at the end. */
  readonly relativeImbalance: number;
}

function relativeImbalance(spec: MlpSpec, theta: Float64Array): number {
  const { inSq, outSq } = neuronNorms(spec, theta);
  let worst = 0;
  inSq.forEach((a, j) => {
    const b = outSq[j];
    if (a > 0 && b > 0) worst = Math.max(worst, Math.abs(a - b) / (a + b));
  });
  return worst;
}

/**
 * Hard gauge fixing: minimise Σ‖W‖² over the gauge torus (convex in s = log α) by exact coordinate
 * steps s_j ← s_j + ¼ log(‖w_out,j‖² / ‖w_in,j‖²), neuron by neuron (Sinkhorn-like sweeps), until
 * every Δ_j ≈ 0. One sweep is exact for one hidden layer; deeper nets need a few. Dead neurons
 * (w_in = 0 or w_out = 0) are off the regular set and are left alone.
 */
export function hardGaugeFix(spec: MlpSpec, theta: Float64Array, options: Partial<HardGaugeFixOptions> = {}): HardGaugeFix {
  const o = { ...HARD_GAUGE_FIX_DEFAULTS, ...options };
  if (!(o.tol > 0)) throw new InvalidArgumentError(`tol must be > 0, got ${o.tol}`);
  if (!(Number.isInteger(o.maxSweeps) && o.maxSweeps >= 1)) throw new InvalidArgumentError(`maxSweeps must be a positive integer, got ${o.maxSweeps}`);
  const h = hiddenNeurons(spec).length;
  const logScales = new Float64Array(h);
  let current: Float64Array = Float64Array.from(theta);
  let sweeps = 0;
  let rel = relativeImbalance(spec, current);
  const step = new Float64Array(h);
  while (rel > o.tol && sweeps < o.maxSweeps) {
    for (let j = 0; j < h; j++) {
      const { inSq, outSq } = neuronNorms(spec, current);
      if (!(inSq[j] > 0 && outSq[j] > 0)) continue;
      step.fill(0);
      step[j] = 0.25 * Math.log(outSq[j] / inSq[j]);
      current = rescaleNeurons(spec, current, step);
      logScales[j] += step[j];
    }
    sweeps++;
    rel = relativeImbalance(spec, current);
  }
  return { theta: current, logScales, sweeps, relativeImbalance: rel };
}
