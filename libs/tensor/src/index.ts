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
