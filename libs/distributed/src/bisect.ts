import type { Rng } from '@gsn/tensor';
import type { PartitionGraph } from './partition-graph';

/**
 * Bisection of a small (coarsest-level) graph into sides 0 and 1 with side 0 holding about
 * `fraction` of the vertex weight: greedy graph growing (GGGP, Karypis & Kumar 1998) from
 * `tries` random seeds, each followed by Fiduccia-Mattheyses refinement; the smallest cut wins.
 * Selection scans are linear, which is fine at the coarsest level (a few hundred vertices).
 */
export function bisect(g: PartitionGraph, fraction: number, tolerance: number, tries: number, rng: Rng): Int32Array {
  const total = sum(g.vwgt);
  const target0 = fraction * total;
  const max0 = Math.ceil(target0 * (1 + tolerance));
  const max1 = Math.ceil((total - target0) * (1 + tolerance));
  let best: Int32Array | undefined;
  let bestCut = Infinity;
  for (let t = 0; t < tries; t++) {
    const side = grow(g, target0, rng);
    fmRefine(g, side, max0, max1);
    const cut = cutOf(g, side);
    if (cut < bestCut) {
      bestCut = cut;
      best = side;
    }
  }
  return best!;
}

/** Grows side 0 from a random seed, adding the vertex whose move lowers the cut most. */
function grow(g: PartitionGraph, target0: number, rng: Rng): Int32Array {
  const side = new Int32Array(g.n).fill(1);
  const gain = new Float64Array(g.n);
  const touched = new Uint8Array(g.n);
  let weight0 = 0;
  while (weight0 < target0) {
    let pick = -1;
    for (let v = 0; v < g.n; v++) {
      if (side[v] === 1 && touched[v] && (pick < 0 || gain[v] > gain[pick])) pick = v;
    }
    if (pick < 0) {
      // Start (or restart, in another component) from a random vertex still on side 1.
      const rest: number[] = [];
      for (let v = 0; v < g.n; v++) if (side[v] === 1) rest.push(v);
      if (rest.length === 0) break;
      pick = rest[rng.int(rest.length)];
    }
    if (weight0 > 0 && weight0 + g.vwgt[pick] - target0 > target0 - weight0) break;
    side[pick] = 0;
    weight0 += g.vwgt[pick];
    for (let k = g.xadj[pick]; k < g.xadj[pick + 1]; k++) {
      const v = g.adjncy[k];
      if (!touched[v]) {
        touched[v] = 1;
        gain[v] = internalMinusExternalTo0(g, side, v);
      } else {
        gain[v] += 2 * g.adjwgt[k];
      }
    }
  }
  return side;
}

/** (edges from v to side 0) - (edges from v to side 1): the cut reduction of moving v to 0. */
function internalMinusExternalTo0(g: PartitionGraph, side: Int32Array, v: number): number {
  let s = 0;
  for (let k = g.xadj[v]; k < g.xadj[v + 1]; k++) s += side[g.adjncy[k]] === 0 ? g.adjwgt[k] : -g.adjwgt[k];
  return s;
}

function externalMinusInternal(g: PartitionGraph, side: Int32Array, v: number): number {
  let s = 0;
  for (let k = g.xadj[v]; k < g.xadj[v + 1]; k++) s += side[g.adjncy[k]] !== side[v] ? g.adjwgt[k] : -g.adjwgt[k];
  return s;
}

/**
 * Fiduccia-Mattheyses passes: move the unlocked vertex of highest gain whose side stays within
 * its maximum weight (negative gains allowed, to climb out of local minima), lock it, and at
 * the end of the pass roll back to the best cut seen. Stops when a pass finds no improvement.
 */
export function fmRefine(g: PartitionGraph, side: Int32Array, max0: number, max1: number, passes = 8): void {
  const n = g.n;
  const gain = new Float64Array(n);
  const locked = new Uint8Array(n);
  const moves = new Int32Array(n);
  const weights = [0, 0];
  for (let v = 0; v < n; v++) weights[side[v]] += g.vwgt[v];
  const limit = [max0, max1];
  for (let pass = 0; pass < passes; pass++) {
    for (let v = 0; v < n; v++) gain[v] = externalMinusInternal(g, side, v);
    locked.fill(0);
    let cut = cutOf(g, side);
    let bestCut = cut;
    let bestPrefix = 0;
    let bestExcess = excess(weights, limit);
    let count = 0;
    for (; count < n; count++) {
      let pick = -1;
      for (let v = 0; v < n; v++) {
        if (locked[v]) continue;
        const to = 1 - side[v];
        const fits = weights[to] + g.vwgt[v] <= limit[to] || weights[side[v]] > limit[side[v]];
        if (fits && (pick < 0 || gain[v] > gain[pick])) pick = v;
      }
      if (pick < 0 || count - bestPrefix > 50) break;
      const from = side[pick];
      side[pick] = 1 - from;
      weights[from] -= g.vwgt[pick];
      weights[1 - from] += g.vwgt[pick];
      cut -= gain[pick];
      locked[pick] = 1;
      moves[count] = pick;
      gain[pick] = -gain[pick];
      for (let k = g.xadj[pick]; k < g.xadj[pick + 1]; k++) {
        const v = g.adjncy[k];
        gain[v] += side[v] === side[pick] ? -2 * g.adjwgt[k] : 2 * g.adjwgt[k];
      }
      const ex = excess(weights, limit);
      if (ex < bestExcess || (ex === bestExcess && cut < bestCut)) {
        bestCut = cut;
        bestExcess = ex;
        bestPrefix = count + 1;
      }
    }
    for (let i = count - 1; i >= bestPrefix; i--) {
      const v = moves[i];
      weights[side[v]] -= g.vwgt[v];
      side[v] = 1 - side[v];
      weights[side[v]] += g.vwgt[v];
    }
    if (bestPrefix === 0) break;
  }
}

function excess(weights: number[], limit: number[]): number {
  return Math.max(0, weights[0] - limit[0]) + Math.max(0, weights[1] - limit[1]);
}

function cutOf(g: PartitionGraph, side: Int32Array): number {
  let cut = 0;
  for (let u = 0; u < g.n; u++) {
    for (let k = g.xadj[u]; k < g.xadj[u + 1]; k++) if (side[g.adjncy[k]] !== side[u]) cut += g.adjwgt[k];
  }
  return cut / 2;
}

function sum(a: Int32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}
