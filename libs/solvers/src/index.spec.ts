import * as solvers from './index';

// The public API other libs code against: changing it is a deliberate, reviewed edit here.
describe('@gsn/solvers public API', () => {
  it('exports exactly these values', () => {
    expect(Object.keys(solvers).sort()).toEqual([
      'ANDERSON_DEFAULTS',
      'ANDERSON_MIXING_DEFAULTS',
      'FIXED_POINT_DEFAULTS',
      'FORWARD_BACKWARD_DEFAULTS',
      'GMRES_DEFAULTS',
      'KRYLOV_DEFAULTS',
      'STOP_DEFAULTS',
      'anderson',
      'andersonCoefficients',
      'cg',
      'denseOperator',
      'denseSolve',
      'fixedPoint',
      'forwardBackward',
      'forwardBackwardMap',
      'gmres',
      'lanczosExtremes',
      'minres',
      'symmetricEigen',
      'symmetricEigenvalues',
    ]);
  });

  it('freezes every DEFAULTS object', () => {
    for (const [name, value] of Object.entries(solvers)) {
      if (name.endsWith('DEFAULTS')) expect(Object.isFrozen(value)).toBe(true);
    }
  });
});
