export type { ShallowActivation, ShallowSpec, ShallowLoss } from './shallow';
export {
  validateShallowSpec,
  shallowParameterCount,
  homogeneityDegree,
  realization,
  realizationJacobian,
  rescalingGenerators,
  rescaleUnits,
  conservedQuantities,
  predictedOrbitDimension,
  shallowLoss,
  shallowHessian,
} from './shallow';
export {
  symDimension,
  symCoordinates,
  symFromCoordinates,
  quotientMatrix,
  quotientDifferential,
  sampleFeatures,
  quotientLossHessian,
  leastSquaresQuotient,
  weightDecayFibreMinimum,
  quotientRepresentative,
} from './quadratic';
export type { VerticalHorizontal } from './geometry';
export { verticalHorizontal, splitFlow, realizationMetric } from './geometry';
export type { SpectrumSummary, Curvature } from './curvature';
export { spectrumSummary, effectiveCurvature, targetsWithCriticalPoint } from './curvature';
