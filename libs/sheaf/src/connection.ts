/**
 * A connection on the edges of an undirected graph (SPEC 4.9): one orthogonal / unitary map
 * O_e = O_{src[e], dst[e]} per edge of the graph's edge list, O_{dst, src} = O_eᵀ (= O_e^†).
 * Maps are m × m real matrices in the form of `restriction-maps.ts`.
 *
 * A state of a sheaf layer keeps the (n, 2c) layout of `@gsn/stationary` with c = d·f: f copies
 * of a d-dimensional complex stalk per node; copy a holds channels a·d .. a·d + d − 1. An O(d)
 * map acts on the real and on the imaginary part of each copy (2f real stalk vectors per
 * node); a U(d) map acts on [u; v] of each copy (f real vectors of length 2d per node).
 *
 * Shapes: maps (edges, m, m).
 */
import { InvalidArgumentError, ShapeError } from '@gsn/tensor';
import { blockSize, paramsPerEdge, restrictionMap, restrictionMapVjp, type ConnectionKind, type ConnectionSpec } from './restriction-maps';
import { identity } from './small-matrix';

export interface Connection {
  readonly kind: ConnectionKind;
  readonly stalk: number;
  readonly maps: Float64Array;
}

export function connectionEdges(connection: Connection): number {
  const m = blockSize(connection);
  return connection.maps.length / (m * m);
}

/** O_e = I on every edge (the trivial connection: L_F = L_w ⊗ I). */
export function identityConnection(kind: ConnectionKind, stalk: number, edges: number): Connection {
  const m = blockSize({ kind, stalk });
  const maps = new Float64Array(edges * m * m);
  const eye = identity(m);
  for (let e = 0; e < edges; e++) maps.set(eye, e * m * m);
  return { kind, stalk, maps };
}

/** The connection with parameters θ (edges × P, row-major). */
export function connectionFromParams(spec: ConnectionSpec, params: ArrayLike<number>, edges: number): Connection {
  const p = paramsPerEdge(spec);
  if (params.length !== edges * p) {
    throw new ShapeError(`connectionFromParams: params has length ${params.length}, expected edges * P = ${edges} * ${p}`);
  }
  const m = blockSize(spec);
  const maps = new Float64Array(edges * m * m);
  const theta = new Float64Array(p);
  for (let e = 0; e < edges; e++) {
    for (let q = 0; q < p; q++) theta[q] = params[e * p + q];
    maps.set(restrictionMap(spec, theta), e * m * m);
  }
  return { kind: spec.kind, stalk: spec.stalk, maps };
}

/** dℓ/dθ (edges × P) from dℓ/dO_e (edges × m × m). */
export function connectionParamsVjp(spec: ConnectionSpec, params: ArrayLike<number>, gradMaps: ArrayLike<number>): Float64Array {
  const p = paramsPerEdge(spec);
  const m = blockSize(spec);
  const edges = params.length / p;
  if (gradMaps.length !== edges * m * m) {
    throw new ShapeError(`connectionParamsVjp: gradMaps has length ${gradMaps.length}, expected ${edges} * ${m * m}`);
  }
  const out = new Float64Array(edges * p);
  const theta = new Float64Array(p);
  const g = new Float64Array(m * m);
  for (let e = 0; e < edges; e++) {
    for (let q = 0; q < p; q++) theta[q] = params[e * p + q];
    for (let q = 0; q < m * m; q++) g[q] = gradMaps[e * m * m + q];
    out.set(restrictionMapVjp(spec, theta, g), e * p);
  }
  return out;
}

/**
 * Offsets, inside one node's row of 2c reals, of the entries of its real stalk vectors:
 * `vectors` vectors of length m, vector t entry r at row offset `offsets[t * m + r]`.
 */
export interface StalkLayout {
  readonly vectors: number;
  readonly size: number;
  readonly offsets: Int32Array;
}

export function stalkLayout(connection: Pick<Connection, 'kind' | 'stalk'>, channels: number): StalkLayout {
  const d = connection.stalk;
  if (!(Number.isInteger(channels) && channels >= 1 && channels % d === 0)) {
    throw new InvalidArgumentError(`stalkLayout: channels (${channels}) must be a positive multiple of the stalk dimension ${d}`);
  }
  const copies = channels / d;
  const m = blockSize(connection);
  if (connection.kind === 'orthogonal') {
    const offsets = new Int32Array(2 * copies * d);
    for (let part = 0; part < 2; part++) {
      for (let a = 0; a < copies; a++) {
        for (let r = 0; r < d; r++) offsets[(part * copies + a) * d + r] = part * channels + a * d + r;
      }
    }
    return { vectors: 2 * copies, size: m, offsets };
  }
  const offsets = new Int32Array(copies * m);
  for (let a = 0; a < copies; a++) {
    for (let r = 0; r < d; r++) {
      offsets[a * m + r] = a * d + r;
      offsets[a * m + d + r] = channels + a * d + r;
    }
  }
  return { vectors: copies, size: m, offsets };
}
