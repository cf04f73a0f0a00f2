import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';

/**
 * Kernel names and contracts shared by the ops, the gradients and every backend
 * (tfjs `kernel_names.ts` vocabulary). The sparsity pattern travels in the attributes as
 * plain Int32Arrays: it is static structure like a shape, so it is neither copied into the
 * wasm heap on every call nor recorded as a tensor on the gradient tape. Only the values
 * (edge weights, learnable) and the dense operands are tensors.
 */

/** out (nRows x F) = A X. */
export const CsrSpMM = 'CsrSpMM';
export type CsrSpMMInputs = { values: TensorInfo; x: TensorInfo };

/** out (nCols x F) = Aᵀ Y. */
export const CsrSpMMT = 'CsrSpMMT';
export type CsrSpMMTInputs = { values: TensorInfo; y: TensorInfo };

/** out[k] = <dy[row k, :], x[colIdx[k], :]>, one entry per stored entry of A. */
export const CsrSddmm = 'CsrSddmm';
export type CsrSddmmInputs = { dy: TensorInfo; x: TensorInfo };

/** The pattern of A, shared by the three kernels. */
export interface CsrPatternAttrs {
  nRows: number;
  nCols: number;
  rowPtr: Int32Array;
  colIdx: Int32Array;
}

export const SPARSE_KERNEL_NAMES = [CsrSpMM, CsrSpMMT, CsrSddmm] as const;
export type SparseKernelName = (typeof SPARSE_KERNEL_NAMES)[number];

export function patternAttrs(attrs: NamedAttrMap | undefined): CsrPatternAttrs {
  return attrs as unknown as CsrPatternAttrs;
}

export function toAttrMap(attrs: CsrPatternAttrs): NamedAttrMap {
  return attrs as unknown as NamedAttrMap;
}
