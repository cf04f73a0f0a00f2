import * as tf from '@tensorflow/tfjs';
import type { KernelConfig } from '@tensorflow/tfjs';
import { SPARSE_CPU_KERNELS } from './spmm/spmm.cpu';
import { SPARSE_GRADS } from './spmm/spmm.grad';
import { sparseHostKernels } from './spmm/spmm.tensorflow';
import { SPARSE_WASM_KERNELS } from './spmm/spmm.wasm';

/**
 * Registers gsn's sparse kernels (CsrSpMM, CsrSpMMT, CsrSddmm) for cpu, wasm and tensorflow,
 * and their gradients. Idempotent and cheap after the first call; the ops call it themselves.
 * `extraHostBackends` registers the host-copy kernels under further backend names.
 */
export function registerSparseKernels(extraHostBackends: readonly string[] = []): void {
  if (registered && extraHostBackends.length === 0) return;
  const kernels: KernelConfig[] = [...SPARSE_CPU_KERNELS, ...SPARSE_WASM_KERNELS, ...sparseHostKernels('tensorflow')];
  for (const name of extraHostBackends) kernels.push(...sparseHostKernels(name));
  for (const k of kernels) {
    if (tf.getKernel(k.kernelName, k.backendName) === undefined) tf.registerKernel(k);
  }
  for (const g of SPARSE_GRADS) {
    if (tf.getGradient(g.kernelName) === undefined) tf.registerGradient(g);
  }
  registered = true;
}

let registered = false;
