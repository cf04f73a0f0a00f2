import { ConvergenceError, ShapeError, createRng, symmetricEigen } from '@gsn/tensor';
import type { FiniteGroup } from './group';
import { multiply } from './group';

/**
 * Regular representation P(g) (n x n permutation, P(g) e_h = e_{g·h}, row-major) and the real
 * irreducible decomposition of ℝ^G by the commutant method (SPEC 002 §2.1).
 */
export function regularRepresentation(g: FiniteGroup): Float64Array[] {
  const n = g.order;
  return Array.from({ length: n }, (_, a) => {
    const p = new Float64Array(n * n);
    for (let h = 0; h < n; h++) p[multiply(g, a, h) * n + h] = 1;
    return p;
  });
}

/** Frobenius-Schur type of a real irrep: ⟨χ, χ⟩ = 1, 2, 4. */
export type IrrepType = 'real' | 'complex' | 'quaternionic';

export interface IrrepClass {
  /** Real dimension d of the real irrep. */
  readonly dim: number;
  readonly type: IrrepType;
  /** ι = ⟨χ, χ⟩ = (1/n) Σ_g χ(g)² ∈ {1, 2, 4}. */
  readonly schurIndex: number;
  /** Real character χ(g) = tr ρ(g), length n. */
  readonly character: Float64Array;
  /** Orthonormal bases (n x d, row-major) of the d/ι copies of the irrep inside ℝ^G. */
  readonly copies: readonly Float64Array[];
  /** Orthogonal projector (n x n) onto the isotypic subspace. */
  readonly projector: Float64Array;
}

export interface IrrepDecomposition {
  readonly group: FiniteGroup;
  /** Isotypic classes, trivial first, then by dimension. */
  readonly classes: readonly IrrepClass[];
}

function typeOf(index: number): IrrepType {
  if (Math.abs(index - 1) < 1e-6) return 'real';
  if (Math.abs(index - 2) < 1e-6) return 'complex';
  if (Math.abs(index - 4) < 1e-6) return 'quaternionic';
  throw new ConvergenceError(`irrep decomposition: character norm ${index} is not 1, 2 or 4 (reducible subspace)`, []);
}

/** χ(g) = tr(Bᵀ P(g) B) = Σ_h (BBᵀ)[g·h, h], from the projector BBᵀ. */
function characterOf(g: FiniteGroup, projector: Float64Array): Float64Array {
  const n = g.order;
  const chi = new Float64Array(n);
  for (let a = 0; a < n; a++) {
    let s = 0;
    for (let h = 0; h < n; h++) s += projector[multiply(g, a, h) * n + h];
    chi[a] = s;
  }
  return chi;
}

function basisProjector(basis: Float64Array, n: number, d: number): Float64Array {
  const p = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += basis[i * d + k] * basis[j * d + k];
      p[i * n + j] = s;
    }
  return p;
}

function tryDecompose(g: FiniteGroup, seed: number): IrrepClass[] | undefined {
  const n = g.order;
  const rng = createRng(seed);
  const x = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = i; j < n; j++) x[i * n + j] = x[j * n + i] = rng.normal();
  // X̄ = (1/n) Σ_g P(g) X P(g)ᵀ, i.e. X̄[gi, gj] averaged: commutes with every P(g).
  const avg = new Float64Array(n * n);
  for (let a = 0; a < n; a++)
    for (let i = 0; i < n; i++) {
      const gi = multiply(g, a, i) * n;
      for (let j = 0; j < n; j++) avg[gi + multiply(g, a, j)] += x[i * n + j] / n;
    }
  const { values, vectors } = symmetricEigen(avg, n);
  const spread = Math.max(values[n - 1] - values[0], 1e-300);
  const subspaces: Float64Array[] = [];
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && values[end] - values[end - 1] < 1e-8 * spread) end++;
    const d = end - start;
    const basis = new Float64Array(n * d);
    for (let r = 0; r < n; r++) for (let k = 0; k < d; k++) basis[r * d + k] = vectors[r * n + start + k];
    subspaces.push(basis);
    start = end;
  }
  const classes: { dim: number; character: Float64Array; copies: Float64Array[] }[] = [];
  for (const basis of subspaces) {
    const d = basis.length / n;
    const chi = characterOf(g, basisProjector(basis, n, d));
    const match = classes.find((c) => c.dim === d && c.character.every((v, i) => Math.abs(v - chi[i]) < 1e-6));
    if (match) match.copies.push(basis);
    else classes.push({ dim: d, character: chi, copies: [basis] });
  }
  const result: IrrepClass[] = [];
  for (const c of classes) {
    const index = c.character.reduce((s, v) => s + v * v, 0) / n;
    let type: IrrepType;
    try {
      type = typeOf(index);
    } catch {
      return undefined; // two irreps shared an eigenvalue by chance: retry with another X
    }
    const schurIndex = type === 'real' ? 1 : type === 'complex' ? 2 : 4;
    if (c.copies.length * schurIndex !== c.dim) return undefined;
    const projector = new Float64Array(n * n);
    for (const b of c.copies) {
      const p = basisProjector(b, n, c.dim);
      for (let i = 0; i < p.length; i++) projector[i] += p[i];
    }
    result.push({ dim: c.dim, type, schurIndex, character: c.character, copies: c.copies, projector });
  }
  const trivial = (c: IrrepClass) => c.dim === 1 && c.character.every((v) => Math.abs(v - 1) < 1e-6);
  return result.sort((p, q) => Number(trivial(q)) - Number(trivial(p)) || p.dim - q.dim || compareCharacters(p, q));
}

function compareCharacters(p: IrrepClass, q: IrrepClass): number {
  for (let i = 0; i < p.character.length; i++) {
    const d = q.character[i] - p.character[i];
    if (Math.abs(d) > 1e-6) return d;
  }
  return 0;
}

/**
 * Real irreducible decomposition of the regular representation: eigenspaces of a generic
 * element X̄ of the commutant are irreducible real subrepresentations; they are grouped
 * into isotypic classes by their characters. A class whose character norm is not 1, 2 or 4,
 * or whose copy count is not d/ι, means an accidental eigenvalue coincidence; then another X is drawn.
 */
export function irrepDecomposition(g: FiniteGroup, seed = 1): IrrepDecomposition {
  for (let attempt = 0; attempt < 8; attempt++) {
    const classes = tryDecompose(g, seed + 7919 * attempt);
    if (classes) return { group: g, classes };
  }
  throw new ConvergenceError(`irrepDecomposition(${g.name}): no generic commutant element found`, []);
}

/** Complex irrep dimensions: real type d → [d]; complex type d → [d/2, d/2]; quaternionic d → [d/2]. */
export function complexIrrepDimensions(decomposition: IrrepDecomposition): number[] {
  return decomposition.classes
    .flatMap((c) => (c.type === 'real' ? [c.dim] : c.type === 'complex' ? [c.dim / 2, c.dim / 2] : [c.dim / 2]))
    .sort((a, b) => a - b);
}

/** Π_χ = (d / (ι n)) Σ_g χ(g) P(g): the isotypic projector from the character alone. */
export function characterProjector(g: FiniteGroup, c: IrrepClass): Float64Array {
  const n = g.order;
  const p = new Float64Array(n * n);
  const scale = c.dim / (c.schurIndex * n);
  for (let a = 0; a < n; a++) {
    const w = scale * c.character[a];
    for (let h = 0; h < n; h++) p[multiply(g, a, h) * n + h] += w;
  }
  return p;
}

/** ρ(g) = Bᵀ P(g) B (d x d, orthogonal) for the first copy of the class. */
export function irrepMatrix(g: FiniteGroup, c: IrrepClass, element: number): Float64Array {
  const n = g.order;
  const d = c.dim;
  const b = c.copies[0];
  const rho = new Float64Array(d * d);
  for (let h = 0; h < n; h++) {
    const gh = multiply(g, element, h);
    for (let i = 0; i < d; i++) {
      const bi = b[gh * d + i];
      if (bi === 0) continue;
      for (let j = 0; j < d; j++) rho[i * d + j] += bi * b[h * d + j];
    }
  }
  return rho;
}

/** Plancherel weight of a class: the number d/ι of its copies in ℝ^G. */
export function plancherelWeight(c: IrrepClass): number {
  return c.dim / c.schurIndex;
}

/** f̂(ρ) = Σ_g f(g) ρ(g) for every class (d x d each). */
export function fourierTransform(decomposition: IrrepDecomposition, f: Float64Array): Float64Array[] {
  const g = decomposition.group;
  if (f.length !== g.order) throw new ShapeError(`fourierTransform: expected length ${g.order}, got ${f.length}`);
  return decomposition.classes.map((c) => {
    const out = new Float64Array(c.dim * c.dim);
    for (let a = 0; a < g.order; a++) {
      if (f[a] === 0) continue;
      const rho = irrepMatrix(g, c, a);
      for (let i = 0; i < out.length; i++) out[i] += f[a] * rho[i];
    }
    return out;
  });
}

/** f(g) = (1/n) Σ_ρ (d/ι) tr(ρ(g)ᵀ f̂(ρ)). */
export function inverseFourierTransform(decomposition: IrrepDecomposition, transform: readonly Float64Array[]): Float64Array {
  const g = decomposition.group;
  const f = new Float64Array(g.order);
  decomposition.classes.forEach((c, k) => {
    const w = plancherelWeight(c) / g.order;
    for (let a = 0; a < g.order; a++) {
      const rho = irrepMatrix(g, c, a);
      let s = 0;
      for (let i = 0; i < rho.length; i++) s += rho[i] * transform[k][i];
      f[a] += w * s;
    }
  });
  return f;
}

/** Σ_g f(g)² computed on the Fourier side: (1/n) Σ_ρ (d/ι) ‖f̂(ρ)‖_F². */
export function plancherelNorm2(decomposition: IrrepDecomposition, transform: readonly Float64Array[]): number {
  return decomposition.classes.reduce(
    (s, c, k) => s + (plancherelWeight(c) / decomposition.group.order) * transform[k].reduce((t, v) => t + v * v, 0),
    0,
  );
}

/** Fraction of ‖u‖² in each isotypic class: ‖Π_χ u‖² / ‖u‖². */
export function isotypicPower(decomposition: IrrepDecomposition, u: Float64Array): Float64Array {
  const n = decomposition.group.order;
  const total = u.reduce((s, v) => s + v * v, 0);
  return Float64Array.from(decomposition.classes, (c) => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      let pi = 0;
      for (let j = 0; j < n; j++) pi += c.projector[i * n + j] * u[j];
      s += pi * u[i];
    }
    return total > 0 ? s / total : 0;
  });
}
