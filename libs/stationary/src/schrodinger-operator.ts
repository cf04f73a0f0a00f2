import { InvalidArgumentError, ShapeError, type Real } from '@gsn/tensor';
import { laplacianMatVec, weightedDegrees, type WeightedGraph } from '@gsn/graph';
import type { StationaryOperator } from './stationary-operator';

/**
 * H = L_w + V on (n, 2c) states (SPEC 4.1): (Hψ)_i = Σ_j w_ij(ψ_i − ψ_j) + V_i ψ_i, applied
 * identically to every real and imaginary channel (the real-ification blockdiag(H, H)):
 * `laplacianMatVec` of `@gsn/graph` on the (n, 2c) array plus the diagonal; self-loops
 * contribute nothing. `lambdaBound` is the Gershgorin bound max_i (2 d_i + V_i) ≤ 2 d_max + V_max,
 * `kappa` = min_i V_i.
 */
export type SchrodingerOperator = StationaryOperator;

/** log(1 + e^x), computed without overflow. */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** d softplus / dx = the logistic sigmoid. */
export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** κ = κ_min + softplus(ρ): the learnable, always positive on-site floor (SPEC 4.1). */
export function kappaFromRaw(raw: number, kappaMin: number): number {
  return kappaMin + softplus(raw);
}

/** Inverse of `kappaFromRaw`: the raw ρ with κ_min + softplus(ρ) = κ (κ > κ_min). */
export function rawFromKappa(kappa: number, kappaMin: number): number {
  if (!(kappa > kappaMin)) throw new InvalidArgumentError(`rawFromKappa: kappa ${kappa} must exceed kappaMin ${kappaMin}`);
  const y = kappa - kappaMin;
  return y > 30 ? y : Math.log(Math.expm1(y));
}

/**
 * The Schrödinger operator of an undirected weighted graph with on-site potential V
 * (length n, every V_i > 0), for states with `channels` complex channels.
 */
export function schrodingerOperator(graph: WeightedGraph, onsite: Real, channels: number): SchrodingerOperator {
  if (graph.directed) {
    throw new InvalidArgumentError('schrodingerOperator: graph must be undirected (H must be symmetric)');
  }
  const n = graph.nodes;
  if (onsite.length !== n) throw new ShapeError(`schrodingerOperator: onsite has length ${onsite.length}, expected nodes = ${n}`);
  for (let e = 0; e < graph.weights.length; e++) {
    if (!(graph.weights[e] >= 0)) throw new InvalidArgumentError(`schrodingerOperator: weight ${graph.weights[e]} of edge ${e} must be >= 0`);
  }
  // Gershgorin on L + V: row i has |diagonal| + Σ|off-diagonal| ≤ 2 d_i + V_i (a self-loop
  // only loosens it: it cancels in L but counts in d_i).
  const degrees = weightedDegrees(graph);
  let lambdaBound = 0;
  let kappa = Infinity;
  for (let i = 0; i < n; i++) {
    if (!(onsite[i] > 0)) throw new InvalidArgumentError(`schrodingerOperator: onsite[${i}] = ${onsite[i]} must be > 0`);
    lambdaBound = Math.max(lambdaBound, 2 * degrees[i] + onsite[i]);
    kappa = Math.min(kappa, onsite[i]);
  }
  const width = 2 * channels;
  return {
    nodes: n,
    channels,
    lambdaBound,
    kappa,
    apply(x: Real, out: Real): void {
      laplacianMatVec(graph, x, width, out);
      for (let i = 0; i < n; i++) {
        const vi = onsite[i];
        for (let p = i * width; p < (i + 1) * width; p++) out[p] += vi * x[p];
      }
    },
  };
}
