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
export { concatColumns } from './ops/concat-columns';
export { CsrSpMM, CsrSpMMT, CsrSddmm } from './kernels/spmm/names';
export { registerSparseKernels } from './kernels/register';
export type { BackendName, BackendInfo } from './backend/backend';
export { useBackend, backendInfo, availableBackends, BACKEND_NAMES } from './backend/backend';
export { matMul, transpose, matVec, identityMatrix, congruence, columns } from './linalg/matrix';
export { dot, norm2, frobeniusNorm, frobeniusInner, trace } from './linalg/matrix';
export { luFactorInPlace, luSolveInPlace, denseSolve, inverse } from './linalg/lu';
export type { SymmetricEigen } from './linalg/symmetric-eigen';
export { symmetricEigen, symmetricEigenvalues } from './linalg/symmetric-eigen';
export type { Svd, RangeNullSplit } from './linalg/svd';
export { singularValueDecomposition, singularValues, rangeNullSplit } from './linalg/svd';
export { cholesky, choleskySolve } from './linalg/cholesky';
export { generalizedSymmetricEigenvalues } from './linalg/generalized-eigen';
export type { LeastSquares } from './linalg/least-squares';
export { leastSquares } from './linalg/least-squares';
export { orthonormalizeColumns } from './linalg/gram-schmidt';
export { randomOrthogonal } from './linalg/random-orthogonal';
