/**
 * Test helpers shared by every lib (`@gsn/tensor/testing`): closeness checks with labelled
 * failures and a float64 central finite-difference gradient, so each differentiable op can be
 * checked against a reference that does not share its code.
 */
import type { Csr } from './csr';
import { csrFromCoo } from './csr-from-coo';
import type { DType, Real } from './real';
import type { Rng } from './rng';

/**
 * Throws when some |actual[i] - expected[i]| > tol · max(1, |expected[i]|) (absolute near zero,
 * relative for large entries), or when lengths differ or an entry is not finite. The message
 * names `label`, the worst index and both values.
 */
export function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tol: number,
  label: string,
): void {
  if (actual.length !== expected.length) {
    throw new Error(`${label}: length ${actual.length}, expected ${expected.length}`);
  }
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (!Number.isFinite(a) || !Number.isFinite(e)) {
      if (Object.is(a, e)) continue;
      throw new Error(`${label}: entry ${i} is ${a}, expected ${e}`);
    }
    const excess = Math.abs(a - e) / (tol * Math.max(1, Math.abs(e)));
    if (excess > 1 && excess > worstExcess) {
      worst = i;
      worstExcess = excess;
    }
  }
  if (worst >= 0) {
    const a = actual[worst];
    const e = expected[worst];
    throw new Error(
      `${label}: entry ${worst} is ${a}, expected ${e} (difference ${Math.abs(a - e)} exceeds tol ${tol} · max(1, |expected|))`,
    );
  }
}

/**
 * Central finite differences (f(x + h e_i) - f(x - h e_i)) / 2h of a scalar function, one entry per
 * coordinate of x (2 n evaluations). x is perturbed in place and restored exactly. Truncation
 * error is O(h²), rounding error O(eps/h): h = 1e-6 gives about 1e-9 relative accuracy for smooth
 * float64 functions of order one.
 */
export function finiteDifferenceGradient(
  f: (x: Float64Array) => number,
  x: Float64Array,
  h = 1e-6,
): Float64Array {
  const g = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const xi = x[i];
    x[i] = xi + h;
    const up = f(x);
    x[i] = xi - h;
    const down = f(x);
    x[i] = xi;
    g[i] = (up - down) / (2 * h);
  }
  return g;
}

/**
 * max_i |a[i] - b[i]| / max(|a[i]|, |b[i]|, floor): the worst relative error, where `floor` keeps
 * entries that are both near zero from dominating (they then count by absolute error / floor).
 */
export function maxRelativeError(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-8): number {
  if (a.length !== b.length) throw new Error(`maxRelativeError: lengths ${a.length} and ${b.length} differ`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const e = Math.abs(a[i] - b[i]) / Math.max(Math.abs(a[i]), Math.abs(b[i]), floor);
    if (Number.isNaN(e)) return Number.NaN;
    if (e > worst) worst = e;
  }
  return worst;
}

/**
 * A random CSR matrix with about `entries` stored entries (duplicates drawn twice are summed)
 * and values uniform in [-1, 1), rounded to float32 so the same matrix is exact in both precisions.
 */
export function randomCsr(rng: Rng, nRows: number, nCols: number, entries: number, dtype: DType): Csr<Real> {
  const rows = new Int32Array(entries);
  const cols = new Int32Array(entries);
  const values = new Float64Array(entries);
  for (let k = 0; k < entries; k++) {
    rows[k] = rng.int(nRows);
    cols[k] = rng.int(nCols);
    values[k] = Math.fround(2 * rng.next() - 1);
  }
  const a = csrFromCoo(nRows, nCols, rows, cols, values, dtype);
  for (let k = 0; k < a.values.length; k++) a.values[k] = Math.fround(a.values[k]);
  return a;
}

/** The dense row-major (nRows x nCols) float64 copy of a CSR matrix, for reference computations. */
export function denseFromCsr(a: Csr): Float64Array {
  const d = new Float64Array(a.nRows * a.nCols);
  for (let i = 0; i < a.nRows; i++) {
    for (let k = a.rowPtr[i]; k < a.rowPtr[i + 1]; k++) d[i * a.nCols + a.colIdx[k]] += a.values[k];
  }
  return d;
}

/** Uniform in [-1, 1), rounded to float32 values. */
export function randomArray(rng: Rng, length: number): Float64Array {
  const x = new Float64Array(length);
  for (let i = 0; i < length; i++) x[i] = Math.fround(2 * rng.next() - 1);
  return x;
}
