/**
 * Plain-number metrics of node classification runs (no tensors: logits are read once per
 * evaluation and everything after that is arithmetic on typed arrays).
 */

/** Row-wise argmax of a row-major `rows × cols` matrix. */
export function argmaxRows(values: ArrayLike<number>, cols: number): Int32Array {
  const rows = values.length / cols;
  const out = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    let best = 0;
    for (let j = 1; j < cols; j++) if (values[i * cols + j] > values[i * cols + best]) best = j;
    out[i] = best;
  }
  return out;
}

/** Fraction of `nodes` whose prediction equals its label (0 for an empty set). */
export function accuracy(predictions: ArrayLike<number>, labels: ArrayLike<number>, nodes: ArrayLike<number>): number {
  if (nodes.length === 0) return 0;
  let hits = 0;
  for (let k = 0; k < nodes.length; k++) if (predictions[nodes[k]] === labels[nodes[k]]) hits++;
  return hits / nodes.length;
}

/** Mean cross-entropy `logsumexp(z_i) − z_i[y_i]` over `nodes`, from row-major logits. */
export function crossEntropy(
  logits: ArrayLike<number>,
  cols: number,
  labels: ArrayLike<number>,
  nodes: ArrayLike<number>,
): number {
  if (nodes.length === 0) return 0;
  let total = 0;
  for (let k = 0; k < nodes.length; k++) {
    const o = nodes[k] * cols;
    let m = -Infinity;
    for (let j = 0; j < cols; j++) m = Math.max(m, logits[o + j]);
    let s = 0;
    for (let j = 0; j < cols; j++) s += Math.exp(logits[o + j] - m);
    total += m + Math.log(s) - logits[o + labels[nodes[k]]];
  }
  return total / nodes.length;
}

/** Mean and population standard deviation (numpy's `std`, as peer.py reports). */
export function meanStd(xs: readonly number[]): { mean: number; std: number } {
  if (xs.length === 0) return { mean: Number.NaN, std: Number.NaN };
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
  return { mean, std: Math.sqrt(variance) };
}

/** Median (mean of the two middle values for an even count). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/**
 * The first epoch (1-based) at which a loss curve is at or below `target`, null if never: how
 * optimizers are compared for speed. A relative slack of 1e-9 lets a curve reach a target
 * that was rounded from its own values.
 */
export function epochsToTarget(curve: readonly number[], target: number): number | null {
  const i = curve.findIndex((x) => x <= target + 1e-9 * Math.abs(target));
  return i < 0 ? null : i + 1;
}
