import { InvalidArgumentError } from '@gsn/tensor';

/**
 * A finite group given by its Cayley table: elements are 0..order-1 and
 * table[a * order + b] = a·b. Every constructor below goes through `groupFromTable`,
 * which checks the group axioms, so a FiniteGroup is always a group.
 */
export interface FiniteGroup {
  readonly name: string;
  readonly order: number;
  readonly table: Int32Array;
  readonly identity: number;
  readonly inverse: Int32Array;
}

/** a·b */
export function multiply(g: FiniteGroup, a: number, b: number): number {
  return g.table[a * g.order + b];
}

/** Builds a group from a Cayley table, checking closure, identity, inverses and associativity. */
export function groupFromTable(name: string, table: ArrayLike<number>, order: number): FiniteGroup {
  if (!Number.isInteger(order) || order < 1) throw new InvalidArgumentError(`groupFromTable: order must be a positive integer`);
  if (table.length !== order * order) throw new InvalidArgumentError(`groupFromTable: table needs ${order * order} entries`);
  const t = Int32Array.from(table);
  for (let i = 0; i < t.length; i++)
    if (!(t[i] >= 0 && t[i] < order)) throw new InvalidArgumentError(`groupFromTable(${name}): entry ${i} out of range`);
  let identity = -1;
  for (let e = 0; e < order && identity < 0; e++) {
    let ok = true;
    for (let a = 0; a < order && ok; a++) ok = t[e * order + a] === a && t[a * order + e] === a;
    if (ok) identity = e;
  }
  if (identity < 0) throw new InvalidArgumentError(`groupFromTable(${name}): no identity element`);
  const inverse = new Int32Array(order).fill(-1);
  for (let a = 0; a < order; a++)
    for (let b = 0; b < order; b++) if (t[a * order + b] === identity && t[b * order + a] === identity) inverse[a] = b;
  const missing = inverse.indexOf(-1);
  if (missing >= 0) throw new InvalidArgumentError(`groupFromTable(${name}): element ${missing} has no inverse`);
  for (let a = 0; a < order; a++)
    for (let b = 0; b < order; b++) {
      const ab = t[a * order + b];
      for (let c = 0; c < order; c++)
        if (t[ab * order + c] !== t[a * order + t[b * order + c]])
          throw new InvalidArgumentError(`groupFromTable(${name}): not associative at (${a}, ${b}, ${c})`);
    }
  return { name, order, table: t, identity, inverse };
}

/** Z_n with element k ↔ k and a·b = a + b mod n. */
export function cyclicGroup(n: number): FiniteGroup {
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('cyclicGroup: n must be a positive integer');
  return groupFromTable(`Z${n}`, Array.from({ length: n * n }, (_, i) => (Math.floor(i / n) + (i % n)) % n), n);
}

/** D_n (order 2n, symmetries of the n-gon): element r^k s^j ↔ k + n j. */
export function dihedralGroup(n: number): FiniteGroup {
  if (!Number.isInteger(n) || n < 2) throw new InvalidArgumentError('dihedralGroup: n must be an integer >= 2');
  const order = 2 * n;
  const table = new Int32Array(order * order);
  for (let a = 0; a < order; a++)
    for (let b = 0; b < order; b++) {
      const [k1, j1, k2, j2] = [a % n, Math.floor(a / n), b % n, Math.floor(b / n)];
      const k = (((k1 + (j1 ? -k2 : k2)) % n) + n) % n;
      table[a * order + b] = k + n * ((j1 + j2) % 2);
    }
  return groupFromTable(`D${n}`, table, order);
}

function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]));
}

function parity(p: readonly number[]): number {
  let inv = 0;
  for (let i = 0; i < p.length; i++) for (let j = i + 1; j < p.length; j++) if (p[i] > p[j]) inv++;
  return inv % 2;
}

/** The group of the given permutations of [0, k) under composition (σ·τ)(x) = σ(τ(x)); must be closed. */
export function permutationGroup(name: string, perms: readonly (readonly number[])[]): FiniteGroup {
  const key = (p: readonly number[]) => p.join(',');
  const index = new Map(perms.map((p, i) => [key(p), i]));
  const order = perms.length;
  const table = new Int32Array(order * order);
  for (let a = 0; a < order; a++)
    for (let b = 0; b < order; b++) {
      const c = index.get(key(perms[b].map((x) => perms[a][x])));
      if (c === undefined) throw new InvalidArgumentError(`permutationGroup(${name}): not closed`);
      table[a * order + b] = c;
    }
  return groupFromTable(name, table, order);
}

/** S_n for n <= 5 (order n! <= 120). Element 0 is the identity permutation. */
export function symmetricGroup(n: number): FiniteGroup {
  if (!Number.isInteger(n) || n < 1 || n > 5) throw new InvalidArgumentError('symmetricGroup: n must be 1..5');
  const perms = permutations(n).sort((p, q) => key(p).localeCompare(key(q)));
  return permutationGroup(`S${n}`, perms);
}

function key(p: readonly number[]): string {
  return p.join(',');
}

/** A_n (even permutations) for n in {4, 5}. */
export function alternatingGroup(n: number): FiniteGroup {
  if (n !== 4 && n !== 5) throw new InvalidArgumentError('alternatingGroup: n must be 4 or 5');
  const perms = permutations(n)
    .filter((p) => parity(p) === 0)
    .sort((p, q) => key(p).localeCompare(key(q)));
  return permutationGroup(`A${n}`, perms);
}

/** Q_8 = {±1, ±i, ±j, ±k}: element 2·u + s ↔ (−1)^s·basis[u], basis = (1, i, j, k). */
export function quaternionGroup(): FiniteGroup {
  // basisProduct[u][v] = [sign, w] with basis[u]·basis[v] = sign·basis[w]
  const basisProduct: [number, number][][] = [
    [[1, 0], [1, 1], [1, 2], [1, 3]],
    [[1, 1], [-1, 0], [1, 3], [-1, 2]],
    [[1, 2], [-1, 3], [-1, 0], [1, 1]],
    [[1, 3], [1, 2], [-1, 1], [-1, 0]],
  ];
  const table = new Int32Array(64);
  for (let a = 0; a < 8; a++)
    for (let b = 0; b < 8; b++) {
      const [sign, w] = basisProduct[a >> 1][b >> 1];
      const negative = ((a & 1) ^ (b & 1) ^ (sign < 0 ? 1 : 0)) === 1;
      table[a * 8 + b] = 2 * w + (negative ? 1 : 0);
    }
  return groupFromTable('Q8', table, 8);
}

/** G × H with (g, h) ↔ g·|H| + h. */
export function directProduct(g: FiniteGroup, h: FiniteGroup): FiniteGroup {
  const order = g.order * h.order;
  const table = new Int32Array(order * order);
  for (let a = 0; a < order; a++)
    for (let b = 0; b < order; b++) {
      const [ga, ha, gb, hb] = [Math.floor(a / h.order), a % h.order, Math.floor(b / h.order), b % h.order];
      table[a * order + b] = multiply(g, ga, gb) * h.order + multiply(h, ha, hb);
    }
  return groupFromTable(`${g.name}x${h.name}`, table, order);
}
