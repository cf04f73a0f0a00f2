/**
 * Anderson acceleration (type II, Walker & Ni 2011) of a fixed-point map T.
 * With g_k = T(z_k) − z_k and the last m differences ΔG_j = g_{j+1} − g_j,
 * ΔF_j = T(z_{j+1}) − T(z_j), it solves the Tikhonov-regularised least squares
 *   γ = argmin ‖g_k − ΔG γ‖² + λ‖γ‖²,  λ = regularization · ‖ΔG‖²_F
 * by its normal equations (LU with pivoting, m×m), then mixes
 *   z_{k+1} = (1 − β)(z_k − ΔZ γ) + β(T(z_k) − ΔF γ),  ΔZ = ΔF − ΔG.
 * Safeguard: if the m×m system is singular or the mixed step is non-finite, it takes the
 * plain step z_k + β g_k and clears the history.
 */
import { luFactorInPlace, luSolveInPlace, zerosLike, type Real } from '@gsn/tensor';
import { checkDamping } from './fixed-point';
import type { FixedPointMap } from './operator';
import {
  checkNonNegative,
  checkPositiveInteger,
  checkStopOptions,
  resolveOptions,
  ResidualHistory,
  STOP_DEFAULTS,
  type SolveResult,
  type StopOptions,
} from './stopping';
import { isFiniteVector } from './vector';

/** The mixing parameters, shared with `forwardBackward`'s acceleration. */
export interface AndersonMixing {
  /** m: how many past residual differences enter the least squares. */
  memory: number;
  /** Tikhonov weight relative to ‖ΔG‖²_F. */
  regularization: number;
  /** β ∈ (0, 1]: 1 mixes map outputs only. */
  damping: number;
}

export interface AndersonOptions extends StopOptions, AndersonMixing {}

export const ANDERSON_MIXING_DEFAULTS: Readonly<AndersonMixing> = Object.freeze({
  memory: 5,
  regularization: 1e-10,
  damping: 1,
});

export const ANDERSON_DEFAULTS: Readonly<AndersonOptions> = Object.freeze({
  ...STOP_DEFAULTS,
  ...ANDERSON_MIXING_DEFAULTS,
});

export function checkAndersonMixing(solver: string, o: AndersonMixing): void {
  checkPositiveInteger(solver, 'memory', o.memory);
  checkNonNegative(solver, 'regularization', o.regularization);
  checkDamping(solver, o.damping);
}

/**
 * Anderson-accelerated fixed-point iteration from `z0` (left unchanged). Residual and
 * returned state as in `fixedPoint`: ‖T(z_k) − z_k‖ / (1 + ‖z_k‖), state = T(z_k).
 * Memory: 2m + 6 vectors of z0's precision.
 */
export function anderson<T extends Real>(map: FixedPointMap, z0: T, opts?: Partial<AndersonOptions>): SolveResult<T> {
  return andersonIteration('anderson', map, z0, opts);
}

/** `anderson` under another solver's name (for its options check and error messages). */
export function andersonIteration<T extends Real>(
  solver: string,
  map: FixedPointMap,
  z0: T,
  opts: Partial<AndersonOptions> | undefined,
): SolveResult<T> {
  const o = resolveOptions(solver, ANDERSON_DEFAULTS, opts);
  checkStopOptions(solver, o);
  checkAndersonMixing(solver, o);
  const history = new ResidualHistory(solver, o);
  history.checkFinite(z0, 0);
  const n = z0.length;
  const m = o.memory;
  const beta = o.damping;

  let z = zerosLike(z0);
  z.set(z0);
  let next = zerosLike(z0);
  let fz = zerosLike(z0);
  let fzPrev = zerosLike(z0);
  const g = zerosLike(z0);
  const gPrev = zerosLike(z0);
  // Ring buffers of differences; slots 0..count − 1 are in use, `head` is the next to write.
  const dG = Array.from({ length: m }, () => zerosLike(z0));
  const dF = Array.from({ length: m }, () => zerosLike(z0));
  const gram = new Float64Array(m * m);
  const system = new Float64Array(m * m);
  const gamma = new Float64Array(m);
  const pivots = new Int32Array(m);
  const pair = new Float64Array(2);
  let count = 0;
  let head = 0;

  for (let k = 1; ; k++) {
    map(z, fz);
    // Fused passes: each loop below reads every vector it needs once (the solver is bound by
    // memory traffic on large states, not by arithmetic).
    let gg = 0;
    let zz = 0;
    for (let i = 0; i < n; i++) {
      const gi = fz[i] - z[i];
      g[i] = gi;
      gg += gi * gi;
      zz += z[i] * z[i];
    }
    if (history.record(Math.sqrt(gg) / (1 + Math.sqrt(zz)))) return history.converged(fz as T);
    if (k === o.maxIter) return history.maxIterationsReached(fz as T);

    if (k > 1) {
      const s = head;
      const dGs = dG[s];
      const dFs = dF[s];
      for (let i = 0; i < n; i++) {
        dGs[i] = g[i] - gPrev[i];
        dFs[i] = fz[i] - fzPrev[i];
        gPrev[i] = g[i];
      }
      count = Math.min(count + 1, m);
      head = (head + 1) % m;
      // The new Gram row ΔG_sᵀΔG_j and the right-hand side ΔG_jᵀg, one pass per slot.
      for (let j = 0; j < count; j++) {
        gramRowAndRhs(dG[j], dGs, g, pair);
        gram[s * m + j] = gram[j * m + s] = pair[0];
        gamma[j] = pair[1];
      }
    } else {
      gPrev.set(g);
    }
    [fz, fzPrev] = [fzPrev, fz];
    // fzPrev now holds T(z_k).

    let mixed = false;
    if (count > 0) {
      if (andersonCoefficients(gram, m, count, o.regularization, system, pivots, gamma)) {
        // One pass per history slot (axpy form): a flat loop over one typed array at a time is
        // faster in V8 than an inner loop over the ring of arrays per entry.
        for (let i = 0; i < n; i++) next[i] = z[i] + beta * g[i];
        for (let j = 0; j < count; j++) subtractMixed(next, gamma[j], dF[j], 1 - beta, dG[j]);
        mixed = isFiniteVector(next);
      }
    }
    if (!mixed) {
      for (let i = 0; i < n; i++) next[i] = z[i] + beta * g[i];
      count = 0;
      head = 0;
    }
    [z, next] = [next, z];
  }
}

/** out = [xᵀy, xᵀg] in one pass over x. */
function gramRowAndRhs(x: Real, y: Real, g: Real, out: Float64Array): void {
  let xy = 0;
  let xg = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i];
    xy += xi * y[i];
    xg += xi * g[i];
  }
  out[0] = xy;
  out[1] = xg;
}

/** out −= γ(f − c·g), entrywise. */
function subtractMixed(out: Real, gamma: number, f: Real, c: number, g: Real): void {
  for (let i = 0; i < out.length; i++) out[i] -= gamma * (f[i] - c * g[i]);
}

/**
 * The mixing coefficients γ of one Anderson step: solves (G + r·tr(G)·I) γ = γ_in for the
 * leading `count` × `count` block of the Gram matrix `gram` (row stride `m`), in place in
 * `gamma`; `system` and `pivots` are scratch. Tikhonov scaled by the trace keeps the solve
 * well posed when the history is nearly collinear. False when the system is singular.
 */
export function andersonCoefficients(
  gram: Float64Array,
  m: number,
  count: number,
  regularization: number,
  system: Float64Array,
  pivots: Int32Array,
  gamma: Float64Array,
): boolean {
  let trace = 0;
  for (let j = 0; j < count; j++) trace += gram[j * m + j];
  const lambda = regularization * trace;
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < count; j++) system[i * count + j] = gram[i * m + j];
    system[i * count + i] += lambda;
  }
  if (!luFactorInPlace(system, count, pivots)) return false;
  luSolveInPlace(system, count, pivots, gamma);
  return true;
}
