/**
 * Real vectors of the numerical core. Solvers, operators and adjoints are written once
 * over `Real`, so exactness tests run in float64 and training runs in float32.
 */
export type Real = Float32Array | Float64Array;

export type RealConstructor = Float32ArrayConstructor | Float64ArrayConstructor;

export type DType = 'float32' | 'float64';

export function realArray(dtype: DType, length: number): Real {
  return dtype === 'float64' ? new Float64Array(length) : new Float32Array(length);
}

/** A zero vector of the same precision and length as `like`. */
export function zerosLike(like: Real): Real {
  return new (like.constructor as RealConstructor)(like.length);
}

export function dtypeOf(x: Real): DType {
  return x instanceof Float64Array ? 'float64' : 'float32';
}
