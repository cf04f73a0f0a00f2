import * as tf from '@tensorflow/tfjs';
import type { Csr } from '../../csr';
import { validateCsr } from '../../csr';
import { InvalidArgumentError, ShapeError } from '../../errors';
import { registerSparseKernels } from '../register';
import { CsrSddmm, CsrSpMM, CsrSpMMT, toAttrMap, type CsrPatternAttrs } from './names';

/**
 * A sparse matrix for tfjs: a fixed CSR pattern (plain Int32Arrays) and its values as a float32
 * tensor, so edge weights can be learned. Feature matrices with constant values use it too.
 *
 * Shapes: rowPtr (nRows + 1), colIdx (nnz), values (nnz).
 */
export interface CsrTensor {
  readonly nRows: number;
  readonly nCols: number;
  readonly rowPtr: Int32Array;
  readonly colIdx: Int32Array;
  readonly values: tf.Tensor1D;
}

/**
 * Wraps a validated `Csr` (any precision) as a `CsrTensor` with float32 values. The pattern is
 * shared, not copied; the caller owns (and disposes) the values tensor.
 */
export function csrTensorFromCsr(csr: Csr): CsrTensor {
  validateCsr(csr, 'csrTensorFromCsr');
  const values = csr.values instanceof Float32Array ? csr.values : Float32Array.from(csr.values);
  return { nRows: csr.nRows, nCols: csr.nCols, rowPtr: csr.rowPtr, colIdx: csr.colIdx, values: tf.tensor1d(values) };
}

/**
 * Checks what the kernels rely on in O(1): array lengths, shapes and dtypes. The pattern's
 * column bounds are checked once where it is built (`validateCsr`, `csrTensorFromCsr`).
 */
function patternOf(op: string, a: CsrTensor): CsrPatternAttrs {
  if (a.rowPtr.length !== a.nRows + 1) {
    throw new ShapeError(`${op}: rowPtr has length ${a.rowPtr.length}, expected nRows + 1 = ${a.nRows + 1}`);
  }
  const n = a.rowPtr[a.nRows];
  if (a.colIdx.length !== n || a.values.rank !== 1 || a.values.shape[0] !== n) {
    throw new ShapeError(
      `${op}: rowPtr says ${n} entries but colIdx has ${a.colIdx.length} and values has shape [${a.values.shape}]`,
    );
  }
  if (a.values.dtype !== 'float32') throw new InvalidArgumentError(`${op}: values has dtype ${a.values.dtype}, expected float32`);
  return { nRows: a.nRows, nCols: a.nCols, rowPtr: a.rowPtr, colIdx: a.colIdx };
}

function checkDense(op: string, name: string, t: tf.Tensor, rows: number, a: CsrTensor): void {
  if (t.rank !== 2 || t.shape[0] !== rows) {
    throw new ShapeError(`${op}: ${name} has shape [${t.shape}], expected [${rows}, F] for a ${a.nRows} x ${a.nCols} matrix`);
  }
  if (t.dtype !== 'float32') throw new InvalidArgumentError(`${op}: ${name} has dtype ${t.dtype}, expected float32`);
}

/**
 * Y = A X for a CSR matrix A (nRows x nCols) and a dense X (nCols x F): Y[i] = Σ_k values[k] X[colIdx[k]].
 * Differentiable in X (by Aᵀ G) and in A's values (by SDDMM, <G[i], X[j]> per entry (i, j)).
 * Shapes: x (nCols, F) -> (nRows, F).
 *
 * ```ts
 * const a = csrTensorFromCsr(csrFromCoo(2, 2, [0, 1], [1, 0], [2, 3], 'float32'));
 * spmm(a, tf.tensor2d([[1], [10]])).print(); // [[20], [3]]
 * ```
 */
function spmm_(a: CsrTensor, x: tf.Tensor2D): tf.Tensor2D {
  registerSparseKernels();
  const attrs = patternOf('spmm', a);
  checkDense('spmm', 'x', x, a.nCols, a);
  return tf.engine().runKernel(CsrSpMM, { values: a.values, x }, toAttrMap(attrs)) as tf.Tensor2D;
}

/** Z = Aᵀ Y for a dense Y (nRows x F); differentiable in Y and in A's values. Shapes: y (nRows, F) -> (nCols, F). */
function spmmTranspose_(a: CsrTensor, y: tf.Tensor2D): tf.Tensor2D {
  registerSparseKernels();
  const attrs = patternOf('spmmTranspose', a);
  checkDense('spmmTranspose', 'y', y, a.nRows, a);
  return tf.engine().runKernel(CsrSpMMT, { values: a.values, y }, toAttrMap(attrs)) as tf.Tensor2D;
}

/**
 * s[k] = <dy[i], x[j]> for every stored entry k = (i, j) of A's pattern (A's values are not used):
 * the sampled dense-dense product, e.g. edge scores from node embeddings. Differentiable in both.
 * Shapes: dy (nRows, F), x (nCols, F) -> (nnz).
 */
function sddmm_(a: CsrTensor, dy: tf.Tensor2D, x: tf.Tensor2D): tf.Tensor1D {
  registerSparseKernels();
  const attrs = patternOf('sddmm', a);
  checkDense('sddmm', 'dy', dy, a.nRows, a);
  checkDense('sddmm', 'x', x, a.nCols, a);
  if (dy.shape[1] !== x.shape[1]) {
    throw new ShapeError(`sddmm: dy has shape [${dy.shape}] and x [${x.shape}], their column counts differ`);
  }
  return tf.engine().runKernel(CsrSddmm, { dy, x }, toAttrMap(attrs)) as tf.Tensor1D;
}

export const spmm = tf.op({ spmm_ });
export const spmmTranspose = tf.op({ spmmTranspose_ });
export const sddmm = tf.op({ sddmm_ });
