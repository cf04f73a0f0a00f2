/**
 * Parametrised restriction maps O_e ∈ O(d) or U(d) (SPEC 4.9) that stay exactly orthogonal.
 *
 * Every map is stored as a real m × m matrix acting on real stalk vectors: m = d for O(d)
 * (acting identically on real and imaginary parts), m = 2d for U(d), embedded as
 * O = A + iB ↦ [[A, −B], [B, A]] on [u; v]. A parameter vector θ ∈ ℝ^P gives a skew generator
 * K(θ) = Σ_p θ_p G_p (real skew d × d, or the embedding of a skew-Hermitian d × d), and
 * - `cayley`: O = (I − K)(I + K)^{-1} (exactly orthogonal, no eigenvalue −1),
 * - `expm`:   O = exp(K) (all of SO(d) / U(d)),
 * - `angle`:  m = 2 only (O(2) with d = 2, or U(1) with d = 1): O = R(θ) = [[cos θ, −sin θ], [sin θ, cos θ]]
 *   (for U(1) this is the phase e^{iθ}, the magnetic Laplacian's connection).
 */
import { InvalidArgumentError } from '@gsn/tensor';
import { expm, expmFrechet, identity, inverse, matmul } from './small-matrix';

export type ConnectionKind = 'orthogonal' | 'unitary';
export type MapParametrization = 'cayley' | 'expm' | 'angle';

/** The kind of connection and how each edge's map is parametrised. */
export interface ConnectionSpec {
  readonly kind: ConnectionKind;
  /** Stalk dimension d. */
  readonly stalk: number;
  readonly method: MapParametrization;
}

/** m: the size of the real matrix of one map (d, or 2d for unitary maps). */
export function blockSize(spec: Pick<ConnectionSpec, 'kind' | 'stalk'>): number {
  return spec.kind === 'orthogonal' ? spec.stalk : 2 * spec.stalk;
}

/** One skew generator: entries (row, col, coefficient) of G_p in the m × m real form. */
type Generator = ReadonlyArray<readonly [number, number, number]>;

function generators(spec: ConnectionSpec): Generator[] {
  const d = spec.stalk;
  const gens: Generator[] = [];
  for (let a = 0; a < d; a++) {
    for (let b = a + 1; b < d; b++) {
      gens.push(
        spec.kind === 'orthogonal'
          ? [
              [a, b, 1],
              [b, a, -1],
            ]
          : [
              [a, b, 1],
              [b, a, -1],
              [d + a, d + b, 1],
              [d + b, d + a, -1],
            ],
      );
    }
  }
  if (spec.kind === 'unitary') {
    // i·B with B real symmetric: the block [[0, −B], [B, 0]].
    for (let a = 0; a < d; a++) {
      for (let b = a; b < d; b++) {
        gens.push(
          a === b
            ? [
                [a, d + a, -1],
                [d + a, a, 1],
              ]
            : [
                [a, d + b, -1],
                [b, d + a, -1],
                [d + a, b, 1],
                [d + b, a, 1],
              ],
        );
      }
    }
  }
  return gens;
}

/** Checks a spec; the message names the bad field. */
export function validateConnectionSpec(spec: ConnectionSpec): void {
  if (spec.kind !== 'orthogonal' && spec.kind !== 'unitary') {
    throw new InvalidArgumentError(`ConnectionSpec.kind must be 'orthogonal' or 'unitary', got ${String(spec.kind)}`);
  }
  if (!(Number.isInteger(spec.stalk) && spec.stalk >= 1)) {
    throw new InvalidArgumentError(`ConnectionSpec.stalk must be an integer ≥ 1, got ${spec.stalk}`);
  }
  if (!['cayley', 'expm', 'angle'].includes(spec.method)) {
    throw new InvalidArgumentError(`ConnectionSpec.method must be 'cayley', 'expm' or 'angle', got ${String(spec.method)}`);
  }
  if (spec.method === 'angle' && blockSize(spec) !== 2) {
    throw new InvalidArgumentError(
      `ConnectionSpec.method 'angle' needs 2 × 2 maps (orthogonal stalk 2 or unitary stalk 1), got ${spec.kind} stalk ${spec.stalk}`,
    );
  }
}

/** P: parameters per edge (d(d−1)/2 for O(d), d² for U(d), 1 for an angle). */
export function paramsPerEdge(spec: ConnectionSpec): number {
  validateConnectionSpec(spec);
  return spec.method === 'angle' ? 1 : generators(spec).length;
}

/** K(θ) = Σ_p θ_p G_p as an m × m real skew matrix. */
export function skewFromParams(spec: ConnectionSpec, theta: ArrayLike<number>): Float64Array {
  const m = blockSize(spec);
  const k = new Float64Array(m * m);
  generators(spec).forEach((g, p) => {
    for (const [r, c, coef] of g) k[r * m + c] += coef * theta[p];
  });
  return k;
}

function rotation(theta: number): Float64Array {
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  return Float64Array.of(c, -s, s, c);
}

/** The m × m real matrix of the map with parameters θ (length P). */
export function restrictionMap(spec: ConnectionSpec, theta: ArrayLike<number>): Float64Array {
  const m = blockSize(spec);
  switch (spec.method) {
    case 'angle':
      return rotation(theta[0]);
    case 'expm':
      return expm(skewFromParams(spec, theta), m);
    case 'cayley': {
      const k = skewFromParams(spec, theta);
      const plus = identity(m);
      const minus = identity(m);
      for (let p = 0; p < k.length; p++) {
        plus[p] += k[p];
        minus[p] -= k[p];
      }
      return matmul(minus, inverse(plus, m), m);
    }
  }
}

/**
 * dℓ/dθ from dℓ/dO (m × m) for one map (reverse mode of `restrictionMap`):
 * - cayley: dO = −(I + O) dK (I + K)^{-1} ⇒ dℓ/dK = −(I + O)ᵀ G (I + K)^{-ᵀ};
 * - expm: dℓ/dK = L(Kᵀ, G), the Fréchet derivative at Kᵀ (the adjoint of L(K, ·));
 * - angle: dℓ/dθ = ⟨G, R'(θ)⟩;
 * then dℓ/dθ_p = ⟨dℓ/dK, G_p⟩.
 */
export function restrictionMapVjp(spec: ConnectionSpec, theta: ArrayLike<number>, gradMap: ArrayLike<number>): Float64Array {
  const m = blockSize(spec);
  if (spec.method === 'angle') {
    const c = Math.cos(theta[0]);
    const s = Math.sin(theta[0]);
    return Float64Array.of(-s * gradMap[0] - c * gradMap[1] + c * gradMap[2] - s * gradMap[3]);
  }
  const k = skewFromParams(spec, theta);
  let gk: Float64Array;
  if (spec.method === 'expm') {
    gk = expmFrechet(Float64Array.from({ length: m * m }, (_, p) => k[(p % m) * m + Math.floor(p / m)]), gradMap, m);
  } else {
    const plus = identity(m);
    for (let p = 0; p < k.length; p++) plus[p] += k[p];
    const pinv = inverse(plus, m);
    const o = matmul(identity(m).map((v, p) => v - k[p]), pinv, m);
    for (let i = 0; i < m; i++) o[i * m + i] += 1;
    gk = matmul(matmul(o, gradMap, m, true, false), pinv, m, false, true);
    for (let p = 0; p < gk.length; p++) gk[p] = -gk[p];
  }
  const gens = generators(spec);
  const out = new Float64Array(gens.length);
  gens.forEach((g, p) => {
    let s = 0;
    for (const [r, c, coef] of g) s += coef * gk[r * m + c];
    out[p] = s;
  });
  return out;
}
