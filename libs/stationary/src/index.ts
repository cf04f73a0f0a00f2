export { realIndex, imagIndex, assertStateShape, realInner } from './state-layout';
export type { Potential, SmoothPotential } from './potential';
export { isSmooth } from './potential';
export { reluPotential } from './relu-potential';
export { zeroPotential } from './zero-potential';
export {
  modReluPotential,
  radialClipPotential,
  cubicNlsPotential,
  focusingCubicPotential,
} from './radial-potentials';
export type { StationaryOperator } from './stationary-operator';
export { onsiteGradient } from './stationary-operator';
export type { SchrodingerOperator } from './schrodinger-operator';
export { schrodingerOperator, softplus, sigmoid, kappaFromRaw, rawFromKappa } from './schrodinger-operator';
export type { StationaryLayer } from './stationary-layer';
export { onsiteVector, layerOperator } from './stationary-layer';
export type { ForwardBackwardSolver, StationaryStateOptions, StationaryState } from './stationary-state';
export { operatorState, stationaryState, stationaryResidual } from './stationary-state';
export type { StabilityCheckOptions } from './stability';
export {
  operatorJacobianMinEigenvalue,
  checkOperatorStability,
  stationaryJacobianMinEigenvalue,
  checkStability,
  STABILITY_CHECK_DEFAULTS,
} from './stability';
export type { FixedPointSolver, LinearSolver, AdjointMethod, OperatorAdjoint, StationaryGradients } from './stationary-adjoint';
export { operatorVjp, stationaryVjp, edgeWeightGradient } from './stationary-adjoint';
export type { ComplexInputMap, ComplexInputMapGradients } from './complex-input-map';
export { applyComplexInputMap, complexInputMapVjp } from './complex-input-map';
export type { FlowOptions, FlowResult } from './dissipative-flow';
export { stationaryEnergy, energyGradient, dissipativeFlow } from './dissipative-flow';
export type { StationaryLayerParams, InitStationaryLayerOptions } from './stationary-params';
export { initStationaryLayer, INIT_STATIONARY_LAYER_DEFAULTS } from './stationary-params';
export type {
  StationaryLayerConfig,
  StationaryOpStats,
  StationaryOpCache,
  LayerOpGradients,
  OperatorLayer,
  OperatorLayerOpSpec,
} from './stationary-layer-op';
export { stationaryLayerOp, operatorLayerOp, createStationaryOpCache } from './stationary-layer-op';
