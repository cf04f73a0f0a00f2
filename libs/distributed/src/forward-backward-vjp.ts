import { sddmmInto, spmmInto, zerosLike, type Csr, type Real } from '@gsn/tensor';
import {
  FORWARD_BACKWARD_DEFAULTS,
  forwardBackwardProgress,
  validateForwardBackward,
  type ForwardBackwardOptions,
  type ProxSpec,
} from './forward-backward';

/**
 * Implicit gradient of the forward-backward fixed point z* = P(z* − α(Az* − s)), P = prox_{αg},
 * for a symmetric A. With D = diag P'(y) at y = z* − α(Az* − s) and a cotangent ḡ = ∂L/∂z*,
 *
 *   u = D((I − αA) u + ḡ)        (fixed point, a contraction for 0 < α < 2/λ_max)
 *   ∂L/∂s = α u,   ∂L/∂A_ij = −α Σ_c u_ic z*_jc   (for every stored entry of A).
 *
 * Shapes: source, zStar, cotangent (n x columns); valuesGrad (nnz), in A's entry order.
 */
export interface ForwardBackwardVjp<T extends Real = Real> {
  readonly sourceGrad: T;
  readonly valuesGrad: T;
  readonly iterations: number;
  readonly residual: number;
  readonly converged: boolean;
}

/** mask[p - rowStart·columns] = P'(y_p) ∈ {0, 1} for y = z − α(az − s) on rows [rowStart, rowEnd). */
export function proxMaskRows(
  rowStart: number,
  rowEnd: number,
  columns: number,
  z: Real,
  az: Real,
  source: Real,
  alpha: number,
  prox: ProxSpec,
  mask: Uint8Array,
): void {
  const threshold = prox.kind === 'softThreshold' ? alpha * prox.lambda : 0;
  const base = rowStart * columns;
  for (let p = base, end = rowEnd * columns; p < end; p++) {
    const y = z[p] - alpha * (az[p - base] - source[p]);
    mask[p - base] =
      prox.kind === 'identity' ? 1 : prox.kind === 'nonnegative' ? (y > 0 ? 1 : 0) : y > threshold || y < -threshold ? 1 : 0;
  }
}

/** next = D(cur − α·au + ḡ) on rows [rowStart, rowEnd); returns ‖next − cur‖², ‖next‖². */
export function adjointRows(
  rowStart: number,
  rowEnd: number,
  columns: number,
  cur: Real,
  au: Real,
  cotangent: Real,
  alpha: number,
  mask: Uint8Array,
  next: Real,
): [number, number] {
  let step = 0;
  let norm = 0;
  const base = rowStart * columns;
  for (let p = base, end = rowEnd * columns; p < end; p++) {
    next[p] = mask[p - base] === 1 ? cur[p] - alpha * au[p - base] + cotangent[p] : 0;
    const d = next[p] - cur[p];
    step += d * d;
    norm += next[p] * next[p];
  }
  return [step, norm];
}

/** The single-thread implicit gradient: the reference for the sharded one. */
export function forwardBackwardVjp<T extends Real>(
  a: Csr<T>,
  source: T,
  zStar: T,
  cotangent: T,
  columns: number,
  options: Partial<ForwardBackwardOptions> & Pick<ForwardBackwardOptions, 'alpha'>,
): ForwardBackwardVjp<T> {
  const o: ForwardBackwardOptions = { ...FORWARD_BACKWARD_DEFAULTS, ...options };
  validateForwardBackward(o);
  const n = a.nRows;
  const az = zerosLike(source);
  spmmInto(a, zStar, columns, az);
  const mask = new Uint8Array(n * columns);
  proxMaskRows(0, n, columns, zStar, az, source, o.alpha, o.prox, mask);
  let cur = zerosLike(source) as T;
  let next = zerosLike(source) as T;
  const au = az;
  const residuals: number[] = [];
  let residual = Infinity;
  let converged = false;
  let k = 0;
  while (k < o.maxIter && !converged) {
    spmmInto(a, cur, columns, au);
    const [step, norm] = adjointRows(0, n, columns, cur, au, cotangent, o.alpha, mask, next);
    [residual, converged] = forwardBackwardProgress(step, norm, o.tol, residuals);
    [cur, next] = [next, cur];
    k++;
  }
  const sourceGrad = cur.map((u) => o.alpha * u) as T;
  const valuesGrad = zerosLike(a.values) as T;
  sddmmInto(a, sourceGrad, zStar, columns, valuesGrad);
  for (let e = 0; e < valuesGrad.length; e++) valuesGrad[e] = -valuesGrad[e];
  return { sourceGrad, valuesGrad, iterations: k, residual, converged };
}
