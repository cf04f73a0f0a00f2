/**
 * The connection (sheaf) Laplacian plus on-site potential as a sparse block operator
 * (SPEC 4.9): (L_Fψ)_i = Σ_{j~i} w_ij(ψ_i − O_ijψ_j), H_F = L_F + V.
 *
 * Stored as a block-CSR matrix: row i holds one m × m block −w_e O_ij per neighbour (O_e for
 * i = src[e], O_eᵀ for i = dst[e]) and the scalar diagonal d_i + V_i (O^†O = I, so the diagonal
 * blocks of L_F are d_i·I). A product is one pass over the blocks applied to the node's stalk
 * vectors (a block SpMM with 2f or f right-hand sides). Self-loops contribute nothing (as in L_w).
 */
import { InvalidArgumentError, ShapeError, type Real } from '@gsn/tensor';
import { weightedDegrees, type WeightedGraph } from '@gsn/graph';
import type { StationaryOperator } from '@gsn/stationary';
import { connectionEdges, stalkLayout, type Connection, type StalkLayout } from './connection';
import { blockSize } from './restriction-maps';

/**
 * H_F as the operator `@gsn/stationary`'s generic solve, adjoint and stability check take:
 * `lambdaBound` = max_i (2 d_i + V_i) ≥ λ_max(H_F) (block Gershgorin with ‖O‖₂ = 1),
 * `kappa` = min_i V_i (H_F ⪰ κI), plus the stalk layout of the states.
 */
export interface SheafOperator extends StationaryOperator {
  readonly layout: StalkLayout;
}

/**
 * H_F = L_F + diag(onsite) for states with `channels` channels (a multiple of the stalk);
 * `onsite` absent means V = 0 (the bare L_F, κ = 0).
 */
export function sheafLaplacian(graph: WeightedGraph, connection: Connection, channels: number, onsite?: Real): SheafOperator {
  if (graph.directed) throw new InvalidArgumentError('sheafLaplacian: graph must be undirected (use magneticConnection for directed graphs)');
  const n = graph.nodes;
  const edges = graph.src.length;
  if (connectionEdges(connection) !== edges) {
    throw new ShapeError(`sheafLaplacian: connection has ${connectionEdges(connection)} maps, graph ${edges} edges`);
  }
  if (onsite && onsite.length !== n) throw new ShapeError(`sheafLaplacian: onsite has length ${onsite.length}, expected ${n}`);
  for (let e = 0; e < edges; e++) {
    if (!(graph.weights[e] >= 0)) throw new InvalidArgumentError(`sheafLaplacian: weight ${graph.weights[e]} of edge ${e} must be >= 0`);
  }
  const layout = stalkLayout(connection, channels);
  const m = blockSize(connection);
  const mm = m * m;
  const { rowPtr, colIdx } = graph.adjacency;
  const blocks = new Float64Array(rowPtr[n] * mm);
  const cols = new Int32Array(rowPtr[n]);
  const degrees = weightedDegrees(graph);
  const diagonal = new Float64Array(n);
  let kappa = Infinity;
  let lambdaBound = 0;
  for (let i = 0; i < n; i++) {
    const vi = onsite ? onsite[i] : 0;
    let di = 0;
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
      const j = colIdx[k];
      cols[k] = j;
      if (j === i) continue;
      const e = graph.edgeOfEntry[k];
      const w = graph.weights[e];
      di += w;
      const base = e * mm;
      const transposed = graph.src[e] !== i;
      for (let r = 0; r < m; r++) {
        for (let c = 0; c < m; c++) {
          blocks[k * mm + r * m + c] = -w * connection.maps[base + (transposed ? c * m + r : r * m + c)];
        }
      }
    }
    diagonal[i] = di + vi;
    kappa = Math.min(kappa, vi);
    lambdaBound = Math.max(lambdaBound, 2 * degrees[i] + vi);
  }
  const width = 2 * channels;
  const { vectors, offsets } = layout;
  // The kernel wants each stalk vector contiguous in the node row. O(d) layouts already are
  // (vector t = entries t·m .. t·m + m − 1); U(d) layouts interleave u and v parts, so x is
  // permuted into that order before the product and the result permuted back.
  const contiguous = offsets.every((offset, p) => offset === p);
  const xp = contiguous ? undefined : new Float64Array(n * width);
  const op = contiguous ? undefined : new Float64Array(n * width);
  const kernel = (x: Real, out: Real): void => {
    for (let i = 0; i < n; i++) {
      const o = i * width;
      const di = diagonal[i];
      for (let p = 0; p < width; p++) out[o + p] = di * x[o + p];
      for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
        const q = cols[k] * width;
        if (q === o) continue;
        const b = k * mm;
        for (let t = 0; t < vectors; t++) {
          const xv = q + t * m;
          const ov = o + t * m;
          for (let r = 0; r < m; r++) {
            let s = 0;
            const br = b + r * m;
            for (let c = 0; c < m; c++) s += blocks[br + c] * x[xv + c];
            out[ov + r] += s;
          }
        }
      }
    }
  };
  return {
    nodes: n,
    channels,
    lambdaBound,
    kappa: n === 0 ? 0 : kappa,
    layout,
    apply(x: Real, out: Real): void {
      if (!xp || !op) {
        kernel(x, out);
        return;
      }
      for (let i = 0; i < n; i++) for (let p = 0; p < width; p++) xp[i * width + p] = x[i * width + offsets[p]];
      kernel(xp, op);
      for (let i = 0; i < n; i++) for (let p = 0; p < width; p++) out[i * width + offsets[p]] = op[i * width + p];
    },
  };
}

/** out_j = O_e x_j on every stalk vector of one node row (x, out: rows of 2c; `transposed` applies O_eᵀ). */
export function applyEdgeMap(
  connection: Connection,
  layout: StalkLayout,
  edge: number,
  x: Real,
  xOffset: number,
  out: Float64Array,
  transposed = false,
): void {
  const m = layout.size;
  const base = edge * m * m;
  const { maps } = connection;
  out.fill(0);
  for (let t = 0; t < layout.vectors; t++) {
    const g = t * m;
    for (let r = 0; r < m; r++) {
      let s = 0;
      for (let c = 0; c < m; c++) s += maps[base + (transposed ? c * m + r : r * m + c)] * x[xOffset + layout.offsets[g + c]];
      out[layout.offsets[g + r]] = s;
    }
  }
}

/**
 * Σ_e w_e ‖ψ_i − O_eψ_j‖² over the edges (the Dirichlet energy ⟨ψ, L_Fψ⟩ of SPEC 4.9, P12).
 */
export function sheafDirichletEnergy(graph: WeightedGraph, connection: Connection, channels: number, psi: Real): number {
  const layout = stalkLayout(connection, channels);
  const width = 2 * channels;
  const mapped = new Float64Array(width);
  let total = 0;
  for (let e = 0; e < graph.src.length; e++) {
    const i = graph.src[e];
    const j = graph.dst[e];
    if (i === j) continue;
    applyEdgeMap(connection, layout, e, psi, j * width, mapped);
    let s = 0;
    for (let p = 0; p < width; p++) s += (psi[i * width + p] - mapped[p]) ** 2;
    total += graph.weights[e] * s;
  }
  return total;
}

/**
 * Reverse mode of H_F in its edge data at (ψ, λ) (SPEC 4.9):
 *   dℓ/dw_e = −Re⟨λ_i − O_eλ_j, ψ_i − O_eψ_j⟩,
 *   dℓ/dO_e = w_e Σ_t (λ_i^t (ψ_j^t)ᵀ + ψ_i^t (λ_j^t)ᵀ)   (t over the node's stalk vectors),
 * i.e. the gradient of ℓ = −Re⟨λ, H_Fψ⟩ + const, as the adjoint formula dℓ/dθ = −⟨λ, ∂_θH ψ⟩ needs.
 *
 * Shapes: ψ, λ (n, 2c) → weights (edges), maps (edges, m, m).
 */
export function sheafEdgeGradients(
  graph: WeightedGraph,
  connection: Connection,
  channels: number,
  psi: Real,
  lambda: Real,
): { weights: Float64Array; maps: Float64Array } {
  const layout = stalkLayout(connection, channels);
  const m = layout.size;
  const mm = m * m;
  const width = 2 * channels;
  const edges = graph.src.length;
  const weights = new Float64Array(edges);
  const maps = new Float64Array(edges * mm);
  const psiJ = new Float64Array(width);
  const lamJ = new Float64Array(width);
  for (let e = 0; e < edges; e++) {
    const i = graph.src[e];
    const j = graph.dst[e];
    if (i === j) continue;
    const oi = i * width;
    const oj = j * width;
    applyEdgeMap(connection, layout, e, psi, oj, psiJ);
    applyEdgeMap(connection, layout, e, lambda, oj, lamJ);
    let s = 0;
    for (let p = 0; p < width; p++) s -= (lambda[oi + p] - lamJ[p]) * (psi[oi + p] - psiJ[p]);
    weights[e] = s;
    const w = graph.weights[e];
    for (let t = 0; t < layout.vectors; t++) {
      const g = t * m;
      for (let r = 0; r < m; r++) {
        const li = lambda[oi + layout.offsets[g + r]];
        const pi = psi[oi + layout.offsets[g + r]];
        for (let c = 0; c < m; c++) {
          maps[e * mm + r * m + c] += w * (li * psi[oj + layout.offsets[g + c]] + pi * lambda[oj + layout.offsets[g + c]]);
        }
      }
    }
  }
  return { weights, maps };
}
