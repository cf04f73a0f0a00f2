import { InvalidArgumentError, matMul, singularValues } from '@gsn/tensor';
import type { FiniteGroup, IrrepDecomposition } from '@gsn/groups';
import { fourierTransform, isotypicPower, plancherelWeight } from '@gsn/groups';
import type { NetworkParams } from './network';

/**
 * Spectral read-out of trained neurons (SPEC 002 §2.1-2.2): energy identity, per-neuron irrep
 * power, rotational rank-one alignment, and the Z_n phase law γ ≡ α + β.
 */

/** 𝓔(u, w, v) = 2 Σ_{g1, g2} u(g1) w(g2) v(g1·g2). */
export function compositionEnergy(group: FiniteGroup, u: Float64Array, w: Float64Array, v: Float64Array): number {
  const n = group.order;
  let s = 0;
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) s += u[a] * w[b] * v[group.table[a * n + b]];
  return 2 * s;
}

/** The same energy on the Fourier side: (2/n) Σ_ρ (d/ι) ⟨û(ρ)ŵ(ρ), v̂(ρ)⟩_F. */
export function compositionEnergyFourier(dec: IrrepDecomposition, u: Float64Array, w: Float64Array, v: Float64Array): number {
  const [uh, wh, vh] = [u, w, v].map((x) => fourierTransform(dec, x));
  return dec.classes.reduce((s, c, k) => {
    const uw = matMul(uh[k], wh[k], c.dim, c.dim, c.dim);
    let inner = 0;
    for (let i = 0; i < uw.length; i++) inner += uw[i] * vh[k][i];
    return s + (2 / dec.group.order) * plancherelWeight(c) * inner;
  }, 0);
}

function neuron(p: NetworkParams, k: number): [Float64Array, Float64Array, Float64Array] {
  const n = p.order;
  return [p.u.subarray(k * n, (k + 1) * n), p.w.subarray(k * n, (k + 1) * n), p.v.subarray(k * n, (k + 1) * n)];
}

/** Fraction of ‖θ_k‖² = ‖u‖² + ‖w‖² + ‖v‖² in each isotypic class (one row per neuron). */
export function neuronIrrepPower(dec: IrrepDecomposition, p: NetworkParams): Float64Array[] {
  return Array.from({ length: p.width }, (_, k) => {
    const blocks = neuron(p, k);
    const norms = blocks.map((x) => x.reduce((s, t) => s + t * t, 0));
    const total = norms.reduce((s, t) => s + t, 0);
    const power = new Float64Array(dec.classes.length);
    blocks.forEach((x, b) => isotypicPower(dec, x).forEach((f, c) => (power[c] += (f * norms[b]) / total)));
    return power;
  });
}

/** Fraction of neurons with more than `threshold` of their power in a single class (R2). */
export function irrepConcentration(powers: readonly Float64Array[], threshold = 0.95): number {
  return powers.filter((pw) => Math.max(...pw) > threshold).length / powers.length;
}

export interface NeuronAlignment {
  /** Index of the class holding most of the neuron's power. */
  readonly dominantClass: number;
  readonly dominantPower: number;
  /**
   * κ|⟨ûŵ, v̂⟩| / (‖û‖‖ŵ‖‖v̂‖) on the dominant class, κ = 1 for real-type irreps and √2 for
   * complex/quaternionic ones (their real form doubles the Frobenius norms), so 1 = perfect.
   */
  readonly alignmentCosine: number;
  /** max over û, ŵ, v̂ of σ2/σ1 (real-type classes of dimension >= 2; 0 otherwise). */
  readonly rankRatio: number;
}

export function neuronAlignment(dec: IrrepDecomposition, p: NetworkParams, k: number, power?: Float64Array): NeuronAlignment {
  const pw = power ?? neuronIrrepPower(dec, { ...p, ...sliceNeuron(p, k) })[0];
  let c = 0;
  for (let i = 1; i < pw.length; i++) if (pw[i] > pw[c]) c = i;
  const cls = dec.classes[c];
  const d = cls.dim;
  const [uh, wh, vh] = neuron(p, k).map((x) => fourierTransform(dec, x)[c]);
  const uw = matMul(uh, wh, d, d, d);
  let inner = 0;
  for (let i = 0; i < uw.length; i++) inner += uw[i] * vh[i];
  const norm = (x: Float64Array) => Math.sqrt(x.reduce((s, t) => s + t * t, 0));
  const kappa = cls.type === 'real' ? 1 : Math.SQRT2;
  const denom = norm(uh) * norm(wh) * norm(vh);
  const rankRatio =
    cls.type === 'real' && d >= 2
      ? Math.max(
          ...[uh, wh, vh].map((x) => {
            const s = singularValues(x, d, d);
            return s[0] > 0 ? s[1] / s[0] : 0;
          }),
        )
      : 0;
  return { dominantClass: c, dominantPower: pw[c], alignmentCosine: denom > 0 ? (kappa * Math.abs(inner)) / denom : 0, rankRatio };
}

function sliceNeuron(p: NetworkParams, k: number): Pick<NetworkParams, 'u' | 'w' | 'v' | 'width'> {
  const [u, w, v] = neuron(p, k);
  return { u, w, v, width: 1 };
}

export interface PhaseAlignment {
  /** Dominant frequency k in 1..floor(n/2). */
  readonly frequency: number;
  readonly alpha: number;
  readonly beta: number;
  readonly gamma: number;
  /** |sin(α + β − γ)| */
  readonly misalignment: number;
  /** cos(α + β − γ) */
  readonly cosine: number;
}

/**
 * Z_n phase law: with u ≈ A cos(ωg + α) etc., α = arg Σ_g u(g) e^{−iωg}; the dominant frequency
 * maximises |û|² + |ŵ|² + |v̂|². Requires odd n (so no frequency is its own conjugate).
 */
export function cyclicPhaseAlignment(p: NetworkParams, k: number): PhaseAlignment {
  const n = p.order;
  if (n % 2 === 0) throw new InvalidArgumentError('cyclicPhaseAlignment: n must be odd');
  const [u, w, v] = neuron(p, k);
  const dft = (x: Float64Array, f: number): [number, number] => {
    let re = 0;
    let im = 0;
    for (let g = 0; g < n; g++) {
      re += x[g] * Math.cos((2 * Math.PI * f * g) / n);
      im -= x[g] * Math.sin((2 * Math.PI * f * g) / n);
    }
    return [re, im];
  };
  let best = 1;
  let bestPower = -1;
  for (let f = 1; f <= (n - 1) / 2; f++) {
    const power = [u, w, v].reduce((s, x) => {
      const [re, im] = dft(x, f);
      return s + re * re + im * im;
    }, 0);
    if (power > bestPower) [best, bestPower] = [f, power];
  }
  const [alpha, beta, gamma] = [u, w, v].map((x) => {
    const [re, im] = dft(x, best);
    return Math.atan2(im, re);
  });
  const delta = alpha + beta - gamma;
  return { frequency: best, alpha, beta, gamma, misalignment: Math.abs(Math.sin(delta)), cosine: Math.cos(delta) };
}
