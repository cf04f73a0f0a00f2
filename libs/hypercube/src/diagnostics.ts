import type { LatinSquare } from '@gsn/groups';
import { frobeniusNorm, identityMatrix, inverse, matMul, trace, transpose } from '@gsn/tensor';
import { block, checkFactors, predictPair } from './factorization';
import type { Factors } from './factorization';

/** Fraction of the given pairs (index a n + b; all pairs when omitted) with argmax_c T̂_abc = L(a, b). */
export function completionAccuracy(f: Factors, l: LatinSquare, pairs?: Int32Array): number {
  const n = l.order;
  const list = pairs ?? Int32Array.from({ length: n * n }, (_, i) => i);
  if (list.length === 0) return 1;
  let correct = 0;
  for (const p of list) {
    const t = predictPair(f, Math.floor(p / n), p % n);
    let best = 0;
    for (let c = 1; c < n; c++) if (t[c] > t[best]) best = c;
    if (best === l.table[p]) correct++;
  }
  return correct / list.length;
}

/** The pairs of [n]² not in `observed`. */
export function complementPairs(n: number, observed: Int32Array): Int32Array {
  const seen = new Set(observed);
  return Int32Array.from({ length: n * n }, (_, i) => i).filter((i) => !seen.has(i));
}

/** max over all matrices X of the three roles of ‖X Xᵀ − I‖_F / √d. */
export function unitarityError(f: Factors): number {
  checkFactors(f);
  const { symbols: n, dim: d } = f;
  const eye = identityMatrix(d);
  let worst = 0;
  for (const role of [f.a, f.b, f.c])
    for (let s = 0; s < n; s++) {
      const x = block(role, s, d);
      const xxt = matMul(x, transpose(x, d, d), d, d, d);
      worst = Math.max(worst, frobeniusNorm(xxt.map((v, i) => v - eye[i])) / Math.sqrt(d));
    }
  return worst;
}

/**
 * Closure of M_c = C_c⁻¹ C_{c0}: for the regular-rep solution these are the conjugated ρ(g),
 * closed under products and with character tr M_c = d·1[c = c0]. Returns the worst distance
 * ‖M_i M_j − M_k‖_F/√d to the nearest k, and the worst |tr M_c − d·1[c = c0]|.
 */
export function closureDiagnostics(f: Factors, c0 = 0): { closureError: number; characterError: number } {
  checkFactors(f);
  const { symbols: n, dim: d } = f;
  const anchor = block(f.c, c0, d);
  const ms = Array.from({ length: n }, (_, c) => matMul(inverse(block(f.c, c, d), d), anchor, d, d, d));
  let closureError = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const prod = matMul(ms[i], ms[j], d, d, d);
      let best = Infinity;
      for (const m of ms) best = Math.min(best, frobeniusNorm(prod.map((v, k) => v - m[k])));
      closureError = Math.max(closureError, best / Math.sqrt(d));
    }
  let characterError = 0;
  ms.forEach((m, c) => (characterError = Math.max(characterError, Math.abs(trace(m, d) - (c === c0 ? d : 0)))));
  return { closureError, characterError };
}
