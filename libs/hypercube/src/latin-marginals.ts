import { matMul } from '@gsn/tensor';
import { block, checkFactors } from './factorization';
import type { Factors } from './factorization';

/**
 * The Latin-square marginals of T̂ (every row and column of a Cayley table of a quasigroup is a
 * permutation, so δ has all three line sums equal to 1):
 *   Σ_c T̂_abc = 1 (each pair has one product),  Σ_a T̂_abc = 1 (c once in column b),  Σ_b T̂_abc = 1 (c once in row a).
 * Summing a role first makes each marginal one trace of a triple product,
 *   Σ_c T̂_abc = (1/n) tr(A_a B_b S_C),  Σ_a T̂_abc = (1/n) tr(B_b C_c S_A),  Σ_b T̂_abc = (1/n) tr(C_c A_a S_B),
 * with S_X = Σ_i X_i, so all 3n² of them and their gradients cost O(n d³ + n² d²), not the O(n² d³) of T̂.
 * Residuals u = marginal − 1 are laid out role by role: [a n + b | b n + c | c n + a].
 */
export function latinMarginalResiduals(f: Factors): Float64Array {
  checkFactors(f);
  const n = f.symbols;
  const out = new Float64Array(3 * n * n);
  cyclicRoles(f).forEach(([x, y, z], r) => {
    const s = roleSum(z, n, f.dim);
    out.set(roleMarginal(blocks(x, n, f.dim), timesSum(y, s, n, f.dim), f.dim), r * n * n);
  });
  return out;
}

/**
 * Adds the augmented-Lagrangian term weight · Σ_u (½u² + λu) over the 3n² marginal residuals u to the
 * gradients (ga, gb, gc); returns its value and the residuals. λ has the layout of the residuals.
 */
export function addLatinMarginalTerm(
  f: Factors,
  lambda: Float64Array,
  weight: number,
  grads: readonly [Float64Array, Float64Array, Float64Array],
): { value: number; residual: Float64Array } {
  const { symbols: n, dim: d } = f;
  const roles = cyclicRoles(f);
  const residual = new Float64Array(3 * n * n);
  let value = 0;
  roles.forEach(([x, y, z], r) => {
    const s = roleSum(z, n, d);
    const xs = blocks(x, n, d);
    const ys = blocks(y, n, d);
    const yss = timesSum(y, s, n, d);
    const u = roleMarginal(xs, yss, d);
    residual.set(u, r * n * n);
    const g = new Float64Array(n * n);
    for (let i = 0; i < n * n; i++) {
      const lam = lambda[r * n * n + i];
      value += weight * (0.5 * u[i] * u[i] + lam * u[i]);
      g[i] = (weight * (u[i] + lam)) / n; // dJ/du · du/dtr
    }
    // u_ij = (1/n) tr(X_i Y_j S) − 1: ∂X_i = Σ_j g_ij (Y_j S)ᵀ, ∂Y_j = (S Σ_i g_ij X_i)ᵀ, ∂Z_k = ∂S = Σ_i (X_i Σ_j g_ij Y_j)ᵀ.
    const gx = grads[r];
    const gy = grads[(r + 1) % 3];
    const gz = grads[(r + 2) % 3];
    const gs = new Float64Array(d * d);
    for (let i = 0; i < n; i++) {
      addTransposed(gx, i * d * d, combine(yss, (j) => g[i * n + j]), d);
      addTransposed(gs, 0, matMul(xs[i], combine(ys, (j) => g[i * n + j]), d, d, d), d);
    }
    for (let j = 0; j < n; j++) addTransposed(gy, j * d * d, matMul(s, combine(xs, (i) => g[i * n + j]), d, d, d), d);
    for (let k = 0; k < n; k++) for (let i = 0; i < d * d; i++) gz[k * d * d + i] += gs[i];
  });
  return { value, residual };
}

/** The roles in cyclic order (X, Y, Z) = (A, B, C), (B, C, A), (C, A, B): marginal over Z of tr(X_i Y_j Z_k). */
function cyclicRoles(f: Factors): [Float64Array, Float64Array, Float64Array][] {
  return [
    [f.a, f.b, f.c],
    [f.b, f.c, f.a],
    [f.c, f.a, f.b],
  ];
}

function roleSum(z: Float64Array, n: number, d: number): Float64Array {
  const s = new Float64Array(d * d);
  for (let k = 0; k < n; k++) for (let i = 0; i < d * d; i++) s[i] += z[k * d * d + i];
  return s;
}

/** Y_j S for every j. */
function timesSum(y: Float64Array, s: Float64Array, n: number, d: number): Float64Array[] {
  return blocks(y, n, d).map((yj) => matMul(yj, s, d, d, d));
}

/** u_ij = (1/n) tr(X_i Y_j S) − 1 for all i, j (index i n + j), given the Y_j S. */
function roleMarginal(xs: Float64Array[], yss: Float64Array[], d: number): Float64Array {
  const n = xs.length;
  const u = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const [xi, p] = [xs[i], yss[j]];
      let t = 0;
      for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) t += xi[a * d + b] * p[b * d + a];
      u[i * n + j] = t / n - 1;
    }
  return u;
}

function blocks(x: Float64Array, n: number, d: number): Float64Array[] {
  return Array.from({ length: n }, (_, m) => block(x, m, d));
}

/** Σ_m w(m) X_m. */
function combine(xs: Float64Array[], w: (m: number) => number): Float64Array {
  const out = new Float64Array(xs[0].length);
  xs.forEach((xm, m) => {
    const wm = w(m);
    if (wm !== 0) for (let i = 0; i < out.length; i++) out[i] += wm * xm[i];
  });
  return out;
}

function addTransposed(target: Float64Array, offset: number, m: Float64Array, d: number): void {
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) target[offset + i * d + j] += m[j * d + i];
}
