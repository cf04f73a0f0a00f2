import { InvalidArgumentError, ShapeError } from '@gsn/tensor';

/*
 * The rescaling gauge of gsn's stationary layers ψ = T(s) = (L_w + V + ∂Φ)⁻¹(s), s = Sψ_prev + b.
 * With the ReLU indicator potential Φ = ι_{≥0} (and any Φ whose subdifferential is a cone that
 * positive diagonal scalings preserve) and D = diag(α) > 0 acting on nodes:
 *   D(L_w + V)ψ + D N(ψ) ∋ Ds  and  N(Dψ) = D N(ψ) (normal cone of the orthant is coordinate-wise),
 * so T(Ds) = D T(s) iff D commutes with L_w + V. V is diagonal, so this holds iff D commutes with
 * L_w, i.e. α_i = α_j on every edge with w_ij > 0: α constant on each connected component of the
 * graph's support. Edgeless graph: every per-node α is a gauge (exactly like MLP neurons); connected
 * graph: only a uniform α per layer (one gauge per layer). Scaling rows i of S_ℓ and b_ℓ by α_i and
 * columns i of S_{ℓ+1} (or of the readout) by 1/α_i then keeps the network's function exactly.
 *
 * Channel gauge: when the linear maps act on the channel index instead (s = ψ_prev W + b, W of
 * shape (2c_prev, 2c), as in gsn's trainer `stationaryNetwork`), H acts identically on every real
 * channel column and the ReLU prox is per entry, so T(sD) = T(s)D for every positive diagonal D
 * over channels, on any graph: each real channel is a "neuron" (w_in = column k of W and b_k,
 * w_out = row k of the next map) exactly as in an MLP, and `normBalancingPenalty` applies as is
 * (layout 'in-out', grouping 'neuron').
 */

export interface StationaryEdge {
  readonly i: number;
  readonly j: number;
  readonly w: number;
}

/** Connected components of the support {w > 0} of a graph on n nodes (component id per node). */
export function gaugeComponents(n: number, edges: readonly StationaryEdge[]): Int32Array {
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  for (const e of edges) {
    if (!(e.i >= 0 && e.i < n && e.j >= 0 && e.j < n)) throw new ShapeError(`edge (${e.i}, ${e.j}) outside 0..${n - 1}`);
    if (e.w < 0) throw new InvalidArgumentError(`edge (${e.i}, ${e.j}) has negative weight ${e.w}`);
    if (e.w > 0) parent[find(e.i)] = find(e.j);
  }
  const ids = new Map<number, number>();
  return Int32Array.from({ length: n }, (_, i) => {
    const r = find(i);
    if (!ids.has(r)) ids.set(r, ids.size);
    return ids.get(r)!;
  });
}

/** Whether node scales α are a symmetry of a stationary layer on this graph (α constant per component). */
export function isStationaryGauge(n: number, edges: readonly StationaryEdge[], alpha: Float64Array): boolean {
  if (alpha.length !== n) throw new ShapeError(`alpha has ${alpha.length} entries, graph has ${n} nodes`);
  if (alpha.some((a) => !(a > 0))) throw new InvalidArgumentError('alpha must be > 0');
  const comp = gaugeComponents(n, edges);
  const first = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const a = first.get(comp[i]);
    if (a === undefined) first.set(comp[i], alpha[i]);
    else if (a !== alpha[i]) return false;
  }
  return true;
}

export interface StationaryCoupling {
  /** The parts of S_ℓ, each n_ℓ x n_{ℓ−1} row-major (e.g. [S_re, S_im]; shared by all channels). */
  readonly couplings: readonly Float64Array[];
  /** b_ℓ, n_ℓ x k row-major for any k (k = 2c for the (n, 2c) bias of a complex input map). */
  readonly bias: Float64Array;
  /** The parts of S_{ℓ+1} (or of the readout), each n_next x n_ℓ row-major. */
  readonly next: readonly Float64Array[];
  readonly nodes: number;
}

/** The node rescaling: rows i of S_ℓ and b_ℓ times α_i, columns i of S_{ℓ+1} divided by α_i. */
export function rescaleStationaryNodes(c: StationaryCoupling, alpha: Float64Array): StationaryCoupling {
  const n = c.nodes;
  const fits = (a: Float64Array) => a.length % n === 0;
  if (alpha.length !== n || !fits(c.bias) || !c.couplings.every(fits) || !c.next.every(fits)) {
    throw new ShapeError(`rescaleStationaryNodes: shapes do not fit ${n} nodes`);
  }
  const byRow = (a: Float64Array) => {
    const width = a.length / n;
    return a.map((v, p) => v * alpha[Math.floor(p / width)]);
  };
  return {
    couplings: c.couplings.map(byRow),
    bias: byRow(c.bias),
    next: c.next.map((a) => a.map((v, p) => v / alpha[p % n])),
    nodes: n,
  };
}
