export {
  GsnError,
  InvalidArgumentError,
  ShapeError,
  ConvergenceError,
  StabilityError,
  DataFormatError,
  WorkerError,
  BackendError,
} from './errors';
export type { Real, RealConstructor, DType } from './real';
export { realArray, zerosLike, dtypeOf } from './real';
export type { Rng } from './rng';
export { createRng } from './rng';
export type { Csr } from './csr';
export { nnz, validateCsr } from './csr';
export { csrTranspose } from './csr-transpose';
export { csrFromCoo } from './csr-from-coo';
export { spmmInto, spmmTransposeInto, sddmmInto } from './kernels/spmm/spmm.impl';
export type { CsrTensor } from './kernels/spmm/spmm.op';
export { spmm, spmmTranspose, sddmm, csrTensorFromCsr } from './kernels/spmm/spmm.op';
export { CsrSpMM, CsrSpMMT, CsrSddmm } from './kernels/spmm/names';
export { registerSparseKernels } from './kernels/register';
export type { BackendName, BackendInfo } from './backend/backend';
export { useBackend, backendInfo, availableBackends, BACKEND_NAMES } from './backend/backend';
