import type { Rng } from '@gsn/tensor';
import { randomOrder } from './coarsen';
import type { PartitionGraph } from './partition-graph';

/**
 * Greedy k-way boundary refinement (METIS's k-way FM variant, Karypis & Kumar 1998): visit the
 * vertices in random order; a vertex with neighbours in other parts moves to the part it is
 * most connected to when that lowers the cut (or keeps it and makes the parts more even) and
 * the target stays within `maxPartWeight`. Then parts above `maxPartWeight` shed the
 * vertices whose departure costs the least cut. Repeats until a pass moves nothing.
 */
export function refineKway(
  g: PartitionGraph,
  part: Int32Array,
  parts: number,
  maxPartWeight: number,
  rng: Rng,
  passes = 8,
): void {
  const weights = new Float64Array(parts);
  for (let u = 0; u < g.n; u++) weights[part[u]] += g.vwgt[u];
  const conn = new Float64Array(parts);
  const touched = new Int32Array(parts);
  for (let pass = 0; pass < passes; pass++) {
    let moved = 0;
    const order = randomOrder(g.n, rng);
    for (let i = 0; i < g.n; i++) {
      const u = order[i];
      const from = part[u];
      let nt = 0;
      let external = false;
      for (let k = g.xadj[u]; k < g.xadj[u + 1]; k++) {
        const p = part[g.adjncy[k]];
        if (conn[p] === 0) touched[nt++] = p;
        conn[p] += g.adjwgt[k];
        if (p !== from) external = true;
      }
      if (external) {
        const w = g.vwgt[u];
        const internal = conn[from];
        let best = from;
        let bestGain = 0;
        for (let t = 0; t < nt; t++) {
          const p = touched[t];
          if (p === from || weights[p] + w > maxPartWeight) continue;
          const gain = conn[p] - internal;
          const evens = weights[p] + w < weights[from];
          if (gain > bestGain || (gain === bestGain && best === from && gain === 0 && evens)) {
            best = p;
            bestGain = gain;
          } else if (gain === bestGain && best !== from && weights[p] < weights[best]) {
            best = p;
          }
        }
        if (best !== from) {
          part[u] = best;
          weights[from] -= w;
          weights[best] += w;
          moved++;
        }
      }
      for (let t = 0; t < nt; t++) conn[touched[t]] = 0;
    }
    moved += rebalance(g, part, parts, weights, maxPartWeight);
    if (moved === 0) break;
  }
}

/**
 * Moves vertices out of parts heavier than `maxPartWeight` into parts with room, cheapest
 * first (cut increase = edges to the old part - edges to the new one). Returns the moves made.
 */
function rebalance(
  g: PartitionGraph,
  part: Int32Array,
  parts: number,
  weights: Float64Array,
  maxPartWeight: number,
): number {
  let moved = 0;
  for (let heavy = 0; heavy < parts; heavy++) {
    if (weights[heavy] <= maxPartWeight) continue;
    const candidates: { u: number; to: number; cost: number }[] = [];
    const conn = new Float64Array(parts);
    for (let u = 0; u < g.n; u++) {
      if (part[u] !== heavy) continue;
      conn.fill(0);
      for (let k = g.xadj[u]; k < g.xadj[u + 1]; k++) conn[part[g.adjncy[k]]] += g.adjwgt[k];
      let to = -1;
      for (let p = 0; p < parts; p++) {
        if (p === heavy) continue;
        if (to < 0 || conn[p] > conn[to] || (conn[p] === conn[to] && weights[p] < weights[to])) to = p;
      }
      if (to >= 0) candidates.push({ u, to, cost: conn[heavy] - conn[to] });
    }
    candidates.sort((a, b) => a.cost - b.cost || a.u - b.u);
    for (const { u, to } of candidates) {
      if (weights[heavy] <= maxPartWeight) break;
      let target = to;
      if (weights[target] + g.vwgt[u] > maxPartWeight) {
        // Its best neighbour part is full: fall back to the lightest part.
        target = lightest(weights, heavy);
        if (weights[target] + g.vwgt[u] > maxPartWeight) continue;
      }
      part[u] = target;
      weights[heavy] -= g.vwgt[u];
      weights[target] += g.vwgt[u];
      moved++;
    }
  }
  return moved;
}

function lightest(weights: Float64Array, except: number): number {
  let best = -1;
  for (let p = 0; p < weights.length; p++) if (p !== except && (best < 0 || weights[p] < weights[best])) best = p;
  return best;
}
