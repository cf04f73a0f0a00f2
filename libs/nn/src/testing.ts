/**
 * Fixtures for specs of models and training (`@gsn/nn/testing`): a small graph whose
 * normalised adjacency is known in closed form, with sparse features and labels.
 */
import type { Csr, Rng } from '@gsn/tensor';

/**
 * `Â` of a ring of `n ≥ 3` nodes with self-loops: every node has degree 3, so every entry of
 * `D^−½ (A + I) D^−½` is exactly 1/3.
 */
export function ringAdjacency(n: number): Csr<Float32Array> {
  const rowPtr = new Int32Array(n + 1);
  const colIdx = new Int32Array(3 * n);
  for (let i = 0; i < n; i++) {
    rowPtr[i + 1] = 3 * (i + 1);
    const cols = [(i + n - 1) % n, i, (i + 1) % n].sort((a, b) => a - b);
    colIdx.set(cols, 3 * i);
  }
  return { nRows: n, nCols: n, rowPtr, colIdx, values: new Float32Array(3 * n).fill(1 / 3) };
}

/** A random `n × d` sparse matrix with about `density · n · d` entries in (0, 1], at least one per row. */
export function randomSparseFeatures(rng: Rng, n: number, d: number, density: number): Csr<Float32Array> {
  const rowPtr = new Int32Array(n + 1);
  const cols: number[] = [];
  const vals: number[] = [];
  for (let i = 0; i < n; i++) {
    const forced = rng.int(d);
    for (let j = 0; j < d; j++) {
      if (j === forced || rng.next() < density) {
        cols.push(j);
        vals.push(1 - rng.next());
      }
    }
    rowPtr[i + 1] = cols.length;
  }
  return { nRows: n, nCols: d, rowPtr, colIdx: Int32Array.from(cols), values: Float32Array.from(vals) };
}

/** Labels in [0, classes) drawn uniformly. */
export function randomLabels(rng: Rng, n: number, classes: number): Int32Array {
  return Int32Array.from({ length: n }, () => rng.int(classes));
}
