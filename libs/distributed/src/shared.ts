import { InvalidArgumentError, type DType, type Real } from '@gsn/tensor';

/**
 * A dense row-major matrix (a vector when cols = 1) living in a SharedArrayBuffer. The
 * descriptor is plain data: post it to workers once, and every thread that calls `sharedView`
 * on it sees the same memory, so states, halos and gradients move without message copies.
 *
 * Shapes: view (rows * cols).
 */
export interface SharedMatrix {
  readonly buffer: SharedArrayBuffer;
  readonly dtype: DType;
  readonly rows: number;
  readonly cols: number;
}

/** A shared n-vector (a `SharedMatrix` with one column). */
export type SharedVector = SharedMatrix;

export function sharedMatrix(dtype: DType, rows: number, cols = 1): SharedMatrix {
  for (const [name, v] of [
    ['rows', rows],
    ['cols', cols],
  ] as const) {
    if (!Number.isInteger(v) || v < 0) throw new InvalidArgumentError(`sharedMatrix: ${name} ${v} is not a size`);
  }
  const bytes = (dtype === 'float64' ? 8 : 4) * rows * cols;
  return { buffer: new SharedArrayBuffer(bytes), dtype, rows, cols };
}

export function sharedVector(dtype: DType, length: number): SharedVector {
  return sharedMatrix(dtype, length, 1);
}

/** A shared copy of `values` (rows x cols). */
export function sharedFrom(values: Real, rows: number, cols = 1): SharedMatrix {
  if (values.length !== rows * cols) {
    throw new InvalidArgumentError(`sharedFrom: ${values.length} values do not fill ${rows} x ${cols}`);
  }
  const m = sharedMatrix(values instanceof Float64Array ? 'float64' : 'float32', rows, cols);
  sharedView(m).set(values);
  return m;
}

/** A typed-array view of the shared memory (no copy). */
export function sharedView(m: SharedMatrix): Real {
  return m.dtype === 'float64' ? new Float64Array(m.buffer) : new Float32Array(m.buffer);
}

/** A shared copy of an Int32Array (CSR structure shared once with every worker). */
export function sharedInt32(values: Int32Array): Int32Array {
  const out = new Int32Array(new SharedArrayBuffer(values.byteLength));
  out.set(values);
  return out;
}
