import * as tf from '@tensorflow/tfjs';
import type { GradConfig, Tensor } from '@tensorflow/tfjs';
import { CsrSddmm, CsrSpMM, CsrSpMMT } from './names';

/**
 * Gradients, written with the kernels themselves so they hold on every backend.
 * With Y = A X and upstream G = ∂L/∂Y:
 *   ∂L/∂X = Aᵀ G                              (CsrSpMMT)
 *   ∂L/∂values[k] = <G[row k, :], X[colIdx[k], :]>   (CsrSddmm)
 * The pattern (rowPtr, colIdx) is an attribute, so it has no gradient.
 */
const run = (name: string, inputs: Record<string, Tensor>, attrs: tf.NamedAttrMap): Tensor =>
  tf.engine().runKernel(name, inputs, attrs) as Tensor;

export const CSR_SPMM_GRAD: GradConfig = {
  kernelName: CsrSpMM,
  inputsToSave: ['values', 'x'],
  gradFunc: (dy, [values, x], attrs) => ({
    values: () => run(CsrSddmm, { dy: dy as Tensor, x }, attrs),
    x: () => run(CsrSpMMT, { values, y: dy as Tensor }, attrs),
  }),
};

/** Z = Aᵀ Y: ∂L/∂Y = A G, ∂L/∂values[k] = <Y[row k, :], G[colIdx[k], :]>. */
export const CSR_SPMM_T_GRAD: GradConfig = {
  kernelName: CsrSpMMT,
  inputsToSave: ['values', 'y'],
  gradFunc: (dy, [values, y], attrs) => ({
    values: () => run(CsrSddmm, { dy: y, x: dy as Tensor }, attrs),
    y: () => run(CsrSpMM, { values, x: dy as Tensor }, attrs),
  }),
};

/**
 * s[k] = <D[row k, :], X[colIdx[k], :]> is bilinear: with upstream g (one entry per stored entry),
 * ∂L/∂D = A_g X and ∂L/∂X = A_gᵀ D, where A_g is A's pattern carrying the values g.
 * This makes the value gradient of spmm itself differentiable (second order).
 */
export const CSR_SDDMM_GRAD: GradConfig = {
  kernelName: CsrSddmm,
  inputsToSave: ['dy', 'x'],
  gradFunc: (g, [dy, x], attrs) => ({
    dy: () => run(CsrSpMM, { values: g as Tensor, x }, attrs),
    x: () => run(CsrSpMMT, { values: g as Tensor, y: dy }, attrs),
  }),
};

export const SPARSE_GRADS: readonly GradConfig[] = [CSR_SPMM_GRAD, CSR_SPMM_T_GRAD, CSR_SDDMM_GRAD];
