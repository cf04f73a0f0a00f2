import { frobeniusInner, InvalidArgumentError, inverse, matMul, ShapeError, transpose } from '@gsn/tensor';
import type { LatinSquare } from '@gsn/groups';
import { groupIsotopeFactors, regularRepresentation } from '@gsn/groups';

/**
 * HyperCube factorisation (SPEC 000 §0.1): n symbols, each with a d x d matrix in three roles,
 *   T̂_abc = (1/n) tr(A_a B_b C_c),
 * and the regulariser
 *   H = (1/n) [Σ_{a,b} ‖A_a B_b‖² + Σ_{b,c} ‖B_b C_c‖² + Σ_{c,a} ‖C_c A_a‖²].
 * Matrices are stored back to back: A[a * d² + i * d + j] = (A_a)_ij.
 */
export interface Factors {
  readonly symbols: number;
  readonly dim: number;
  readonly a: Float64Array;
  readonly b: Float64Array;
  readonly c: Float64Array;
}

export function checkFactors(f: Factors): void {
  const len = f.symbols * f.dim * f.dim;
  if (f.a.length !== len || f.b.length !== len || f.c.length !== len)
    throw new ShapeError(`factors: each role needs ${f.symbols} matrices of ${f.dim} x ${f.dim}`);
}

export function block(x: Float64Array, i: number, d: number): Float64Array {
  return x.subarray(i * d * d, (i + 1) * d * d);
}

/** (1/n) tr(M C) for every c, given M = A_a B_b. */
function traceAgainstC(f: Factors, m: Float64Array, out: Float64Array, offset: number): void {
  const { symbols: n, dim: d, c } = f;
  for (let k = 0; k < n; k++) {
    let s = 0;
    const base = k * d * d;
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) s += m[i * d + j] * c[base + j * d + i];
    out[offset + k] = s / n;
  }
}

/** T̂ for all (a, b, c): length n³, index (a n + b) n + c. */
export function predict(f: Factors): Float64Array {
  checkFactors(f);
  const { symbols: n, dim: d } = f;
  const t = new Float64Array(n * n * n);
  for (let a = 0; a < n; a++)
    for (let b = 0; b < n; b++) traceAgainstC(f, matMul(block(f.a, a, d), block(f.b, b, d), d, d, d), t, (a * n + b) * n);
  return t;
}

/** T̂_ab· for one pair. */
export function predictPair(f: Factors, a: number, b: number): Float64Array {
  const out = new Float64Array(f.symbols);
  traceAgainstC(f, matMul(block(f.a, a, f.dim), block(f.b, b, f.dim), f.dim, f.dim, f.dim), out, 0);
  return out;
}

/** Σ_i X_iᵀX_i and Σ_i X_i X_iᵀ over the n blocks of one role. */
function grams(x: Float64Array, n: number, d: number): { left: Float64Array; right: Float64Array } {
  const left = new Float64Array(d * d);
  const right = new Float64Array(d * d);
  for (let s = 0; s < n; s++) {
    const base = s * d * d;
    for (let i = 0; i < d; i++)
      for (let j = 0; j < d; j++) {
        let l = 0;
        let r = 0;
        for (let k = 0; k < d; k++) {
          l += x[base + k * d + i] * x[base + k * d + j];
          r += x[base + i * d + k] * x[base + j * d + k];
        }
        left[i * d + j] += l;
        right[i * d + j] += r;
      }
  }
  return { left, right };
}

/**
 * H and its gradient. Σ_{a,b}‖A_aB_b‖² = ⟨Σ_a A_aᵀA_a, Σ_b B_bB_bᵀ⟩_F, so H costs O(n d³),
 * and ∂H/∂A_a = (2/n)(A_a K_B + G_C A_a) with G_X = Σ X_iᵀX_i, K_X = Σ X_i X_iᵀ (cyclically for B, C).
 */
export function regularizer(f: Factors, withGradient = false): { h: number; ga?: Float64Array; gb?: Float64Array; gc?: Float64Array } {
  checkFactors(f);
  const { symbols: n, dim: d } = f;
  const ga = grams(f.a, n, d);
  const gb = grams(f.b, n, d);
  const gc = grams(f.c, n, d);
  const h = (frobeniusInner(ga.left, gb.right) + frobeniusInner(gb.left, gc.right) + frobeniusInner(gc.left, ga.right)) / n;
  if (!withGradient) return { h };
  const grad = (x: Float64Array, rightK: Float64Array, leftG: Float64Array) => {
    const g = new Float64Array(x.length);
    for (let s = 0; s < n; s++) {
      const xs = block(x, s, d);
      const t1 = matMul(xs, rightK, d, d, d);
      const t2 = matMul(leftG, xs, d, d, d);
      for (let i = 0; i < d * d; i++) g[s * d * d + i] = (2 / n) * (t1[i] + t2[i]);
    }
    return g;
  };
  return { h, ga: grad(f.a, gb.right, gc.left), gb: grad(f.b, gc.right, ga.left), gc: grad(f.c, ga.right, gb.left) };
}

/**
 * The split H = 𝔅 + ℛ on the feasible set (T̂ = δ for a Latin square L):
 *   𝔅 = n² (Σ‖A_a‖⁻² + Σ‖B_b‖⁻² + Σ‖C_c‖⁻²),
 *   ℛ = (1/n) Σ_{(a,b,c) ∈ L} (‖Π⊥_{C_c}(A_aB_b)ᵀ‖² + ‖Π⊥_{A_a}(B_bC_c)ᵀ‖² + ‖Π⊥_{B_b}(C_cA_a)ᵀ‖²),
 * with Π⊥_X Y = Y − (⟨Y, X⟩/‖X‖²) X. ℛ is computed by explicit projection, not as H − 𝔅.
 */
export function normAndMisalignment(f: Factors, l: LatinSquare): { base: number; misalignment: number } {
  checkFactors(f);
  const { symbols: n, dim: d } = f;
  if (l.order !== n) throw new ShapeError('normAndMisalignment: Latin square order must equal the number of symbols');
  const norm2 = (x: Float64Array) => frobeniusInner(x, x);
  let base = 0;
  for (const role of [f.a, f.b, f.c]) for (let s = 0; s < n; s++) base += 1 / norm2(block(role, s, d));
  base *= n * n;
  const perp2 = (product: Float64Array, onto: Float64Array) => {
    const y = transpose(product, d, d);
    const coef = frobeniusInner(y, onto) / norm2(onto);
    let s = 0;
    for (let i = 0; i < y.length; i++) s += (y[i] - coef * onto[i]) ** 2;
    return s;
  };
  let misalignment = 0;
  for (let a = 0; a < n; a++)
    for (let b = 0; b < n; b++) {
      const c = l.table[a * n + b];
      const [ma, mb, mc] = [block(f.a, a, d), block(f.b, b, d), block(f.c, c, d)];
      misalignment +=
        perp2(matMul(ma, mb, d, d, d), mc) + perp2(matMul(mb, mc, d, d, d), ma) + perp2(matMul(mc, ma, d, d, d), mb);
    }
  return { base, misalignment: misalignment / n };
}

/** The gauge action (PA_aQ⁻¹, QB_bR⁻¹, RC_cP⁻¹): keeps T̂ for invertible P, Q, R; keeps H for orthogonal ones. */
export function applyGauge(f: Factors, p: Float64Array, q: Float64Array, r: Float64Array): Factors {
  checkFactors(f);
  const { symbols: n, dim: d } = f;
  const [pi, qi, ri] = [p, q, r].map((x) => inverse(x, d));
  const act = (x: Float64Array, left: Float64Array, right: Float64Array) => {
    const out = new Float64Array(x.length);
    for (let s = 0; s < n; s++) out.set(matMul(matMul(left, block(x, s, d), d, d, d), right, d, d, d), s * d * d);
    return out;
  };
  return { symbols: n, dim: d, a: act(f.a, p, qi), b: act(f.b, q, ri), c: act(f.c, r, pi) };
}

/**
 * The regular-representation solution for a group isotope a∘b = γ⁻¹(α(a)·β(b)):
 * A_a = ρ(α(a)), B_b = ρ(β(b)), C_c = ρ(γ(c))ᵀ. Then T̂ = δ exactly, ℛ = 0, H = 3n².
 */
export function regularRepresentationFactors(l: LatinSquare): Factors {
  const iso = groupIsotopeFactors(l);
  if (!iso) throw new InvalidArgumentError('regularRepresentationFactors: the Latin square is not isotopic to a group');
  const n = l.order;
  const rho = regularRepresentation(iso.group);
  const stack = (mats: Float64Array[]) => {
    const out = new Float64Array(n * n * n);
    mats.forEach((m, i) => out.set(m, i * n * n));
    return out;
  };
  return {
    symbols: n,
    dim: n,
    a: stack(Array.from(iso.alpha, (g) => rho[g])),
    b: stack(Array.from(iso.beta, (g) => rho[g])),
    c: stack(Array.from(iso.gamma, (g) => transpose(rho[g], n, n))),
  };
}
