import * as api from './index';
import * as testing from './testing';

// The public API other libs code against: a change here is a change for every lib, so it is
// deliberate (update this list) rather than accidental.
describe('@gsn/tensor public API', () => {
  it('exports exactly these values', () => {
    expect(Object.keys(api).sort()).toEqual(
      [
        'BACKEND_NAMES', 'BackendError', 'ConvergenceError', 'CsrSddmm', 'CsrSpMM', 'CsrSpMMT',
        'DataFormatError', 'GsnError', 'InvalidArgumentError', 'ShapeError', 'StabilityError', 'WorkerError',
        'availableBackends', 'backendInfo', 'concatColumns', 'createRng', 'csrFromCoo', 'csrTensorFromCsr', 'csrTranspose',
        'dtypeOf', 'nnz', 'realArray', 'registerSparseKernels', 'sddmm', 'sddmmInto', 'spmm', 'spmmInto',
        'spmmTranspose', 'spmmTransposeInto', 'useBackend', 'validateCsr', 'zerosLike',
        // Dense linear algebra (linalg/).
        'cholesky', 'choleskySolve', 'columns', 'congruence', 'denseSolve', 'dot', 'frobeniusInner',
        'frobeniusNorm', 'generalizedSymmetricEigenvalues', 'identityMatrix', 'inverse', 'leastSquares',
        'luFactorInPlace', 'luSolveInPlace', 'matMul', 'matVec', 'norm2', 'orthonormalizeColumns',
        'randomOrthogonal', 'rangeNullSplit', 'singularValueDecomposition', 'singularValues',
        'symmetricEigen', 'symmetricEigenvalues', 'trace', 'transpose',
      ].sort(),
    );
  });

  it('exports these test helpers from @gsn/tensor/testing', () => {
    expect(Object.keys(testing).sort()).toEqual(
      ['denseFromCsr', 'expectClose', 'finiteDifferenceGradient', 'maxRelativeError', 'randomArray', 'randomCsr'].sort(),
    );
  });
});
