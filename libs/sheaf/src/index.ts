export type { ConnectionKind, MapParametrization, ConnectionSpec } from './restriction-maps';
export {
  blockSize,
  paramsPerEdge,
  validateConnectionSpec,
  skewFromParams,
  restrictionMap,
  restrictionMapVjp,
} from './restriction-maps';
export { expm, expmFrechet, orthogonalityDefect } from './small-matrix';
export type { Connection, StalkLayout } from './connection';
export {
  connectionEdges,
  identityConnection,
  connectionFromParams,
  connectionParamsVjp,
  stalkLayout,
} from './connection';
export type { SheafOperator } from './sheaf-laplacian';
export { sheafLaplacian, applyEdgeMap, sheafDirichletEnergy, sheafEdgeGradients } from './sheaf-laplacian';
export type { SheafLayer, SheafGradients } from './sheaf-layer';
export { sheafLayerOperator, sheafState, sheafVjp } from './sheaf-layer';
export type { StalkLayoutKind } from './stalk-potential';
export { stalkModReluPotential } from './stalk-potential';
export type { HolonomyCycle, Flatness } from './holonomy';
export { HolonomyError, flatness, assertFlat, applyGauge } from './holonomy';
export type { MagneticConnection } from './magnetic';
export { magneticConnection, magneticLaplacian } from './magnetic';
export type { SheafLayerParams, SheafLayerConfig, InitSheafLayerOptions } from './sheaf-layer-op';
export { sheafLayerOp, initSheafLayer, INIT_SHEAF_LAYER_DEFAULTS } from './sheaf-layer-op';
export type { AffineParams } from './map-predictor';
export { predictConnectionParams, predictConnectionParamsMlp, anglesFromPosteriors } from './map-predictor';
