import { edgeHomophily, weightedGraph, type WeightedGraph } from '@gsn/graph';
import type { TopLevelSpec } from 'vega-lite';
import type { LearnedLayerGraph } from '@gsn/train';

/** The graph of the edges with positive weight in `weights` (the support). */
export function supportGraph(layer: LearnedLayerGraph, weights: readonly number[]): WeightedGraph {
  const keep = weights.map((w, e) => (w > 0 ? e : -1)).filter((e) => e >= 0);
  return weightedGraph({
    nodes: layer.nodes,
    src: keep.map((e) => layer.src[e]),
    dst: keep.map((e) => layer.dst[e]),
    weights: keep.map((e) => weights[e]),
    duplicates: 'error',
  });
}

/** Σ_{same class} w / Σ w over the edges between labelled nodes (NaN when there are none). */
export function weightedHomophily(layer: LearnedLayerGraph, weights: readonly number[], labels: readonly number[]): number {
  let same = 0;
  let total = 0;
  for (let e = 0; e < weights.length; e++) {
    const a = labels[layer.src[e]];
    const b = labels[layer.dst[e]];
    if (a < 0 || b < 0 || !(weights[e] > 0)) continue;
    total += weights[e];
    if (a === b) same += weights[e];
  }
  return total > 0 ? same / total : NaN;
}

/** Linear-interpolation quantiles (numpy's default) of `values` at `qs`. */
export function quantiles(values: readonly number[], qs: readonly number[]): number[] {
  const v = [...values].sort((a, b) => a - b);
  if (!v.length) return qs.map(() => NaN);
  return qs.map((q) => {
    const x = q * (v.length - 1);
    const i = Math.floor(x);
    return i + 1 < v.length ? v[i] + (x - i) * (v[i + 1] - v[i]) : v[i];
  });
}

export interface LayerReport {
  readonly layer: number;
  readonly candidates: number;
  readonly kept: number;
  readonly removed: number;
  readonly added: number;
  readonly present_before: number;
  readonly present_after: number;
  /** Quantiles 0, 0.1, 0.25, 0.5, 0.75, 0.9, 1 of the positive final weights. */
  readonly weight_quantiles: readonly number[];
  readonly homophily_before: number;
  readonly homophily_after: number;
  readonly weighted_homophily_before: number;
  readonly weighted_homophily_after: number;
  readonly crossings_removed: number;
  readonly crossings_entered: number;
}

export const QUANTILES = Object.freeze([0, 0.1, 0.25, 0.5, 0.75, 0.9, 1]);

/**
 * Edges kept (present before and after), removed (present before, absent after), added
 * (absent before, present after); "present" = weight > 0. Homophily: `edgeHomophily` of the
 * support before and after, and its weighted form.
 */
export function layerReport(layer: LearnedLayerGraph, labels: readonly number[]): LayerReport {
  let kept = 0;
  let removed = 0;
  let added = 0;
  for (let e = 0; e < layer.src.length; e++) {
    const before = layer.initial[e] > 0;
    const after = layer.final[e] > 0;
    if (before && after) kept++;
    else if (before) removed++;
    else if (after) added++;
  }
  const round = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(6)) : x);
  return {
    layer: layer.layer,
    candidates: layer.src.length,
    kept,
    removed,
    added,
    present_before: kept + removed,
    present_after: kept + added,
    weight_quantiles: quantiles(layer.final.filter((w) => w > 0), QUANTILES).map(round),
    homophily_before: round(edgeHomophily(supportGraph(layer, layer.initial), labels)),
    homophily_after: round(edgeHomophily(supportGraph(layer, layer.final), labels)),
    weighted_homophily_before: round(weightedHomophily(layer, layer.initial, labels)),
    weighted_homophily_after: round(weightedHomophily(layer, layer.final, labels)),
    crossings_removed: layer.removed,
    crossings_entered: layer.entered,
  };
}

/**
 * A spring layout (Fruchterman–Reingold, deterministic start on a circle), in [0, 1]²:
 * attraction w·d²/k along edges, repulsion k²/d between all pairs, cooling step.
 */
export function springLayout(nodes: number, src: readonly number[], dst: readonly number[], weights: readonly number[], iterations = 200): Float64Array {
  const pos = new Float64Array(2 * nodes);
  for (let i = 0; i < nodes; i++) {
    // Golden-angle spiral: distinct, deterministic, no rng needed.
    const r = Math.sqrt((i + 0.5) / nodes);
    const a = i * 2.399963229728653;
    pos[2 * i] = r * Math.cos(a);
    pos[2 * i + 1] = r * Math.sin(a);
  }
  const k = Math.sqrt(4 / Math.max(nodes, 1));
  const disp = new Float64Array(2 * nodes);
  let temperature = 0.2;
  for (let it = 0; it < iterations; it++) {
    disp.fill(0);
    for (let i = 0; i < nodes; i++) {
      for (let j = i + 1; j < nodes; j++) {
        const dx = pos[2 * i] - pos[2 * j];
        const dy = pos[2 * i + 1] - pos[2 * j + 1];
        const d2 = Math.max(dx * dx + dy * dy, 1e-9);
        const f = (k * k) / d2;
        disp[2 * i] += dx * f;
        disp[2 * i + 1] += dy * f;
        disp[2 * j] -= dx * f;
        disp[2 * j + 1] -= dy * f;
      }
    }
    for (let e = 0; e < src.length; e++) {
      if (!(weights[e] > 0)) continue;
      const i = src[e];
      const j = dst[e];
      const dx = pos[2 * i] - pos[2 * j];
      const dy = pos[2 * i + 1] - pos[2 * j + 1];
      const d = Math.sqrt(dx * dx + dy * dy) + 1e-9;
      const f = (Math.min(weights[e], 10) * d) / k;
      disp[2 * i] -= dx * f;
      disp[2 * i + 1] -= dy * f;
      disp[2 * j] += dx * f;
      disp[2 * j + 1] += dy * f;
    }
    for (let i = 0; i < nodes; i++) {
      const dx = disp[2 * i];
      const dy = disp[2 * i + 1];
      const d = Math.sqrt(dx * dx + dy * dy) + 1e-12;
      const step = Math.min(d, temperature);
      pos[2 * i] += (dx / d) * step;
      pos[2 * i + 1] += (dy / d) * step;
    }
    temperature *= 0.98;
  }
  let lo = [Infinity, Infinity];
  let hi = [-Infinity, -Infinity];
  for (let i = 0; i < nodes; i++) {
    lo = [Math.min(lo[0], pos[2 * i]), Math.min(lo[1], pos[2 * i + 1])];
    hi = [Math.max(hi[0], pos[2 * i]), Math.max(hi[1], pos[2 * i + 1])];
  }
  const span = Math.max(hi[0] - lo[0], hi[1] - lo[1], 1e-12);
  for (let i = 0; i < nodes; i++) {
    pos[2 * i] = (pos[2 * i] - lo[0]) / span;
    pos[2 * i + 1] = (pos[2 * i + 1] - lo[1]) / span;
  }
  return pos;
}

/**
 * A Vega-Lite picture of a learned graph: rules for the present edges (opacity ∝ weight;
 * colour: input edge kept / added candidate), points for the nodes coloured by class.
 */
export function learnedGraphSpec(layer: LearnedLayerGraph, labels: readonly number[], title: string): TopLevelSpec {
  const pos = springLayout(layer.nodes, layer.src, layer.dst, layer.final);
  const maxW = Math.max(...layer.final, 1e-12);
  const edges = [];
  for (let e = 0; e < layer.src.length; e++) {
    if (!(layer.final[e] > 0)) continue;
    const u = layer.src[e];
    const v = layer.dst[e];
    edges.push({
      x: pos[2 * u],
      y: pos[2 * u + 1],
      x2: pos[2 * v],
      y2: pos[2 * v + 1],
      weight: layer.final[e] / maxW,
      edge: layer.initial[e] > 0 ? 'kept' : 'added',
    });
  }
  const nodes = Array.from({ length: layer.nodes }, (_, i) => ({ x: pos[2 * i], y: pos[2 * i + 1], class: labels[i] < 0 ? 'unlabelled' : `class ${labels[i]}` }));
  const axis = { axis: null, scale: { domain: [-0.02, 1.02] } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    width: 600,
    height: 600,
    layer: [
      {
        data: { values: edges },
        mark: { type: 'rule' },
        encoding: {
          x: { field: 'x', type: 'quantitative', ...axis },
          y: { field: 'y', type: 'quantitative', ...axis },
          x2: { field: 'x2' },
          y2: { field: 'y2' },
          opacity: { field: 'weight', type: 'quantitative', scale: { range: [0.15, 0.9] }, legend: null },
          strokeDash: { field: 'edge', type: 'nominal', scale: { domain: ['kept', 'added'], range: [[1, 0], [3, 2]] }, title: 'edge' },
        },
      },
      {
        data: { values: nodes },
        mark: { type: 'point', filled: true, size: 40 },
        encoding: {
          x: { field: 'x', type: 'quantitative', ...axis },
          y: { field: 'y', type: 'quantitative', ...axis },
          color: { field: 'class', type: 'nominal', title: 'class' },
        },
      },
    ],
  } as TopLevelSpec;
}
