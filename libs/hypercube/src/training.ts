import { ConvergenceError, InvalidArgumentError, createRng } from '@gsn/tensor';
import type { LatinSquare } from '@gsn/groups';
import { block, regularizer } from './factorization';
import type { Factors } from './factorization';
import { matMul } from '@gsn/tensor';
import { addLatinMarginalTerm } from './latin-marginals';

/**
 * Symbolic operation completion: minimise H subject to T̂_abc = δ_abc on the observed pairs
 * (a, b) ∈ Ω (all c) and, with `latinMarginals`, to the Latin-square marginals of T̂ on the whole
 * table (Σ_c T̂_abc = Σ_a T̂_abc = Σ_b T̂_abc = 1, true for every quasigroup), by an augmented Lagrangian
 *   J = ε H/n² + (1/|Ω|) Σ_{(a,b) ∈ Ω} Σ_c (½ r_abc² + λ_abc r_abc) + (1/3n²) Σ_u (½ u² + μ_u u),
 * r = T̂ − δ, u = marginal − 1, minimised by Adam, with λ ← λ + r and μ ← μ + u every
 * `multiplierEvery` steps. With Ω = all pairs this is the theory's constrained problem inf_{F_δ} H
 * (the marginals are then implied); the multipliers remove the shrinkage bias a plain penalty ε H
 * would leave (T̂ = (1 − O(ε)) δ), so the fit becomes exact. On a partial table H alone prefers to
 * shrink T̂ on the unobserved pairs (H < 3n² there, a completion that is no Latin square); the
 * marginals forbid that, so the floor argument H ≥ 3n² (attained only by group isotopes) applies.
 */
export interface CompletionOptions {
  readonly steps: number;
  readonly learningRate: number;
  /** The learning rate decays geometrically to learningRate · finalLearningRateFactor at the last step. */
  readonly finalLearningRateFactor: number;
  /** Weight of H/n² against the fit. */
  readonly epsilon: number;
  readonly multiplierEvery: number;
  /** Entries of the initial matrices are N(0, initScale²/d). */
  readonly initScale: number;
  /** Constrain the three line sums of T̂ to 1 on the whole table (the target is a quasigroup). */
  readonly latinMarginals: boolean;
  readonly seed: number;
  readonly recordEvery: number;
}

export const COMPLETION_DEFAULTS: Readonly<CompletionOptions> = Object.freeze({
  steps: 1500,
  learningRate: 0.02,
  finalLearningRateFactor: 0.01,
  epsilon: 0.05,
  multiplierEvery: 25,
  initScale: 1,
  latinMarginals: true,
  seed: 1,
  recordEvery: 50,
});

export function validateCompletionOptions(partial: Partial<CompletionOptions>): CompletionOptions {
  const o = { ...COMPLETION_DEFAULTS, ...partial };
  for (const k of ['steps', 'multiplierEvery', 'recordEvery'] as const)
    if (!Number.isInteger(o[k]) || o[k] < 1) throw new InvalidArgumentError(`completion option ${k} must be a positive integer`);
  if (typeof o.latinMarginals !== 'boolean') throw new InvalidArgumentError('completion option latinMarginals must be a boolean');
  for (const k of ['learningRate', 'finalLearningRateFactor', 'epsilon', 'initScale'] as const)
    if (!(o[k] > 0)) throw new InvalidArgumentError(`completion option ${k} must be > 0`);
  return o;
}

export function randomFactors(symbols: number, dim: number, seed: number, initScale = 1): Factors {
  const rng = createRng(seed);
  const sd = initScale / Math.sqrt(dim);
  const g = () => Float64Array.from({ length: symbols * dim * dim }, () => sd * rng.normal());
  return { symbols, dim, a: g(), b: g(), c: g() };
}

/** Observed pairs: a seeded random subset of round(fraction n²) pairs (index a n + b). */
export function observedPairs(n: number, fraction: number, seed: number): Int32Array {
  if (!(fraction > 0 && fraction <= 1)) throw new InvalidArgumentError('observedPairs: fraction must be in (0, 1]');
  const rng = createRng(seed);
  const all = Int32Array.from({ length: n * n }, (_, i) => i);
  for (let i = all.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [all[i], all[j]] = [all[j], all[i]];
  }
  return all.slice(0, Math.max(1, Math.round(fraction * n * n))).sort();
}

/**
 * J and its gradient for fixed multipliers λ (length |Ω| n) and, when given, multipliers μ of the
 * Latin-square marginals (length 3n², layout of `latinMarginalResiduals`; omitted: no marginal term).
 */
export function completionObjective(
  f: Factors,
  l: LatinSquare,
  pairs: Int32Array,
  lambda: Float64Array,
  epsilon: number,
  marginalLambda?: Float64Array,
): {
  value: number;
  fit: number;
  h: number;
  ga: Float64Array;
  gb: Float64Array;
  gc: Float64Array;
  residual: Float64Array;
  marginalResidual: Float64Array;
} {
  const { symbols: n, dim: d } = f;
  const reg = regularizer(f, true);
  const w = epsilon / (n * n);
  const ga = reg.ga!.map((v) => w * v);
  const gb = reg.gb!.map((v) => w * v);
  const gc = reg.gc!.map((v) => w * v);
  const residual = new Float64Array(pairs.length * n);
  let fit = 0;
  let linear = 0;
  const inv = 1 / pairs.length;
  const dm = new Float64Array(d * d);
  // Work with Cᵀ blocks so that tr(M C) = ⟨M, Cᵀ⟩ and both updates are contiguous.
  const dd = d * d;
  const ct = new Float64Array(n * dd);
  const gct = new Float64Array(n * dd);
  for (let c = 0; c < n; c++) for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) ct[c * dd + j * d + i] = f.c[c * dd + i * d + j];
  for (let p = 0; p < pairs.length; p++) {
    const a = Math.floor(pairs[p] / n);
    const b = pairs[p] % n;
    const ma = block(f.a, a, d);
    const mb = block(f.b, b, d);
    const m = matMul(ma, mb, d, d, d);
    dm.fill(0);
    for (let c = 0; c < n; c++) {
      const base = c * dd;
      let t = 0;
      for (let i = 0; i < dd; i++) t += m[i] * ct[base + i];
      const r = t / n - (l.table[pairs[p]] === c ? 1 : 0);
      residual[p * n + c] = r;
      const lam = lambda[p * n + c];
      fit += 0.5 * r * r * inv;
      linear += lam * r * inv;
      const g = ((r + lam) * inv) / n; // dJ/dT̂ · dT̂/d(tr)
      if (g === 0) continue;
      // ∂tr(M C)/∂M = Cᵀ, ∂tr(M C)/∂Cᵀ = M
      for (let i = 0; i < dd; i++) {
        dm[i] += g * ct[base + i];
        gct[base + i] += g * m[i];
      }
    }
    // M = A_a B_b: ∂A_a = dM B_bᵀ, ∂B_b = A_aᵀ dM
    const gaa = ga.subarray(a * d * d, (a + 1) * d * d);
    const gbb = gb.subarray(b * d * d, (b + 1) * d * d);
    for (let i = 0; i < d; i++)
      for (let k = 0; k < d; k++) {
        let sa = 0;
        let sb = 0;
        for (let j = 0; j < d; j++) {
          sa += dm[i * d + j] * mb[k * d + j];
          sb += ma[j * d + i] * dm[j * d + k];
        }
        gaa[i * d + k] += sa;
        gbb[i * d + k] += sb;
      }
  }
  for (let c = 0; c < n; c++) for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) gc[c * dd + i * d + j] += gct[c * dd + j * d + i];
  const marginal = marginalLambda ? addLatinMarginalTerm(f, marginalLambda, 1 / (3 * n * n), [ga, gb, gc]) : { value: 0, residual: new Float64Array(0) };
  return { value: w * reg.h + fit + linear + marginal.value, fit, h: reg.h, ga, gb, gc, residual, marginalResidual: marginal.residual };
}

export interface CompletionRecord {
  readonly step: number;
  readonly fit: number;
  readonly h: number;
  /** max |r| over the observed entries and, with `latinMarginals`, |u| over the marginals. */
  readonly maxResidual: number;
}

/** Trains from `init` (or random factors) on the observed pairs; returns the factors and a history. */
export function trainCompletion(
  l: LatinSquare,
  pairs: Int32Array,
  options: Partial<CompletionOptions> = {},
  init?: Factors,
): { factors: Factors; history: CompletionRecord[] } {
  const o = validateCompletionOptions(options);
  const n = l.order;
  const f = init ?? randomFactors(n, n, o.seed, o.initScale);
  const params = [f.a, f.b, f.c];
  const m1 = params.map((x) => new Float64Array(x.length));
  const m2 = params.map((x) => new Float64Array(x.length));
  const lambda = new Float64Array(pairs.length * n);
  const marginalLambda = o.latinMarginals ? new Float64Array(3 * n * n) : undefined;
  const [beta1, beta2, eps] = [0.9, 0.999, 1e-12];
  const history: CompletionRecord[] = [];
  for (let step = 1; step <= o.steps; step++) {
    const obj = completionObjective(f, l, pairs, lambda, o.epsilon, marginalLambda);
    if (!Number.isFinite(obj.value)) throw new ConvergenceError(`trainCompletion: non-finite objective at step ${step}`, history.map((h) => h.fit));
    const grads = [obj.ga, obj.gb, obj.gc];
    const c1 = 1 - beta1 ** step;
    const c2 = 1 - beta2 ** step;
    const lr = o.learningRate * o.finalLearningRateFactor ** (step / o.steps);
    params.forEach((x, r) => {
      const g = grads[r];
      for (let i = 0; i < x.length; i++) {
        m1[r][i] = beta1 * m1[r][i] + (1 - beta1) * g[i];
        m2[r][i] = beta2 * m2[r][i] + (1 - beta2) * g[i] * g[i];
        x[i] -= (lr * (m1[r][i] / c1)) / (Math.sqrt(m2[r][i] / c2) + eps);
      }
    });
    if (step % o.multiplierEvery === 0) {
      for (let i = 0; i < lambda.length; i++) lambda[i] += obj.residual[i];
      if (marginalLambda) for (let i = 0; i < marginalLambda.length; i++) marginalLambda[i] += obj.marginalResidual[i];
    }
    if (step % o.recordEvery === 0 || step === o.steps) {
      const maxAbs = (x: Float64Array) => x.reduce((s, v) => Math.max(s, Math.abs(v)), 0);
      history.push({ step, fit: obj.fit, h: obj.h, maxResidual: Math.max(maxAbs(obj.residual), maxAbs(obj.marginalResidual)) });
    }
  }
  return { factors: f, history };
}
