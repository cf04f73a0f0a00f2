/**
 * Vector kernels shared by the solvers. Sums are accumulated in JS numbers (float64)
 * whatever the storage precision, so float32 states lose nothing in the reductions.
 */
import type { Real } from '@gsn/tensor';

export function dot(x: Real, y: Real): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i] * y[i];
  return sum;
}

export function norm(x: Real): number {
  return Math.sqrt(dot(x, x));
}

/** ‖x − y‖. */
export function distance(x: Real, y: Real): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) {
    const d = x[i] - y[i];
    sum += d * d;
  }
  return Math.sqrt(sum);
}

/** r = b − Ax (r overwritten); returns ‖r‖. */
export function residualInto(apply: (x: Real, out: Real) => void, b: Real, x: Real, r: Real): number {
  apply(x, r);
  for (let i = 0; i < b.length; i++) r[i] = b[i] - r[i];
  return norm(r);
}

export function isFiniteVector(x: Real): boolean {
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) return false;
  return true;
}
