import { InvalidArgumentError } from '@gsn/tensor';
import type { FiniteGroup } from './group';
import { groupFromTable } from './group';

/**
 * Latin squares (quasigroup tables) as Int32Array of length n², L[a * n + b] = a∘b, and the
 * isotopy tools HyperCube needs to label its targets (SPEC 000 §0.1).
 */
export interface LatinSquare {
  readonly order: number;
  readonly table: Int32Array;
}

export function isLatinSquare(table: ArrayLike<number>, order: number): boolean {
  if (table.length !== order * order) return false;
  for (let i = 0; i < order; i++) {
    const row = new Set<number>();
    const col = new Set<number>();
    for (let j = 0; j < order; j++) {
      const r = table[i * order + j];
      const c = table[j * order + i];
      if (!Number.isInteger(r) || r < 0 || r >= order || !Number.isInteger(c) || c < 0 || c >= order) return false;
      row.add(r);
      col.add(c);
    }
    if (row.size !== order || col.size !== order) return false;
  }
  return true;
}

export function latinSquare(table: ArrayLike<number>, order: number): LatinSquare {
  if (!isLatinSquare(table, order)) throw new InvalidArgumentError('latinSquare: not a Latin square');
  return { order, table: Int32Array.from(table) };
}

export function invertPermutation(p: ArrayLike<number>): Int32Array {
  const inv = new Int32Array(p.length).fill(-1);
  for (let i = 0; i < p.length; i++) inv[p[i]] = i;
  if (inv.includes(-1)) throw new InvalidArgumentError('invertPermutation: not a permutation');
  return inv;
}

/** The isotope a∘'b = γ⁻¹(α(a)∘β(b)) of L under bijections α, β, γ. */
export function isotope(l: LatinSquare, alpha: ArrayLike<number>, beta: ArrayLike<number>, gamma: ArrayLike<number>): LatinSquare {
  const n = l.order;
  if (alpha.length !== n || beta.length !== n || gamma.length !== n) throw new InvalidArgumentError('isotope: maps must have length n');
  const gammaInv = invertPermutation(gamma);
  invertPermutation(alpha);
  invertPermutation(beta);
  const t = new Int32Array(n * n);
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) t[a * n + b] = gammaInv[l.table[alpha[a] * n + beta[b]]];
  return { order: n, table: t };
}

/**
 * The principal loop isotope x*y = L(R⁻¹(x), C⁻¹(y)) with R(a) = L(a, s), C(b) = L(r, b);
 * its identity is L(r, s). Also returns R and C, so that L(a, b) = R(a) * C(b).
 */
export function principalLoop(l: LatinSquare, r = 0, s = 0): { loop: LatinSquare; rowMap: Int32Array; colMap: Int32Array } {
  const n = l.order;
  const rowMap = Int32Array.from({ length: n }, (_, a) => l.table[a * n + s]);
  const colMap = Int32Array.from({ length: n }, (_, b) => l.table[r * n + b]);
  const rInv = invertPermutation(rowMap);
  const cInv = invertPermutation(colMap);
  const t = new Int32Array(n * n);
  for (let x = 0; x < n; x++) for (let y = 0; y < n; y++) t[x * n + y] = l.table[rInv[x] * n + cInv[y]];
  return { loop: { order: n, table: t }, rowMap, colMap };
}

/** Fraction of triples (x, y, z) with (x*y)*z = x*(y*z) in the principal loop of L. */
export function associativityIndex(l: LatinSquare): number {
  const { loop } = principalLoop(l);
  const n = l.order;
  const t = loop.table;
  let count = 0;
  for (let x = 0; x < n; x++)
    for (let y = 0; y < n; y++)
      for (let z = 0; z < n; z++) if (t[t[x * n + y] * n + z] === t[x * n + t[y * n + z]]) count++;
  return count / n ** 3;
}

/** Albert: a Latin square is isotopic to a group iff its principal loop is associative. */
export function isGroupIsotope(l: LatinSquare): boolean {
  return associativityIndex(l) === 1;
}

/**
 * For a group isotope, the group G (the principal loop) and maps with L(a, b) = γ⁻¹(α(a)·β(b)),
 * here α = R, β = C, γ = id. Undefined when L is not a group isotope.
 */
export function groupIsotopeFactors(
  l: LatinSquare,
): { group: FiniteGroup; alpha: Int32Array; beta: Int32Array; gamma: Int32Array } | undefined {
  if (!isGroupIsotope(l)) return undefined;
  const { loop, rowMap, colMap } = principalLoop(l);
  const group = groupFromTable('loop', loop.table, l.order);
  return { group, alpha: rowMap, beta: colMap, gamma: Int32Array.from({ length: l.order }, (_, i) => i) };
}

/** Every reduced Latin square of order n (first row and column 0..n-1), by backtracking. */
export function reducedLatinSquares(n: number): LatinSquare[] {
  if (!Number.isInteger(n) || n < 1 || n > 6) throw new InvalidArgumentError('reducedLatinSquares: n must be 1..6');
  const t = new Int32Array(n * n).fill(-1);
  for (let i = 0; i < n; i++) t[i] = t[i * n] = i;
  const out: LatinSquare[] = [];
  const fill = (cell: number): void => {
    if (cell === n * n) {
      out.push({ order: n, table: Int32Array.from(t) });
      return;
    }
    const [r, c] = [Math.floor(cell / n), cell % n];
    if (r === 0 || c === 0) return fill(cell + 1);
    for (let v = 0; v < n; v++) {
      let ok = true;
      for (let k = 0; k < c && ok; k++) ok = t[r * n + k] !== v;
      for (let k = 0; k < r && ok; k++) ok = t[k * n + c] !== v;
      if (!ok) continue;
      t[cell] = v;
      fill(cell + 1);
      t[cell] = -1;
    }
  };
  fill(0);
  return out;
}

function permutationsOf(n: number): Int32Array[] {
  if (n === 0) return [new Int32Array(0)];
  return permutationsOf(n - 1).flatMap((p) =>
    Array.from({ length: n }, (_, i) => Int32Array.from([...p.slice(0, i), n - 1, ...p.slice(i)])),
  );
}

/**
 * Whether L2 is an isotope of L1: some α, β make b ↦ γ well defined and bijective with
 * γ(L1(α(a), β(b))) = L2(a, b). Brute force over α, β (fine for n <= 5).
 */
export function areIsotopic(l1: LatinSquare, l2: LatinSquare): boolean {
  const n = l1.order;
  if (l2.order !== n) return false;
  const perms = permutationsOf(n);
  const gamma = new Int32Array(n);
  for (const alpha of perms)
    for (const beta of perms) {
      gamma.fill(-1);
      let ok = true;
      for (let a = 0; a < n && ok; a++)
        for (let b = 0; b < n && ok; b++) {
          const x = l1.table[alpha[a] * n + beta[b]];
          const y = l2.table[a * n + b];
          if (gamma[x] < 0) gamma[x] = y;
          else ok = gamma[x] === y;
        }
      if (ok && new Set(gamma).size === n) return true;
    }
  return false;
}

/** One representative reduced Latin square per isotopy class of order n (n <= 5), in enumeration order. */
export function isotopyClassRepresentatives(n: number): LatinSquare[] {
  if (n > 5) throw new InvalidArgumentError('isotopyClassRepresentatives: brute-force isotopy is limited to n <= 5');
  const reps: LatinSquare[] = [];
  for (const l of reducedLatinSquares(n)) if (!reps.some((r) => areIsotopic(r, l))) reps.push(l);
  return reps;
}
