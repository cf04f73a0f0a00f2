import type { DType, Real, RealConstructor } from '@gsn/tensor';

/** The typed array that holds values of precision `D`. */
export type RealOf<D extends DType> = D extends 'float64' ? Float64Array : Float32Array;

/** A zero array of `length` entries with the precision of `like`. */
export function realLike<T extends Real>(like: T, length: number): T {
  return new (like.constructor as RealConstructor)(length) as T;
}
