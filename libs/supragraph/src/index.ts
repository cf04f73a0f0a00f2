export type { Coupling, ChannelCoupling, LayerCoupling } from './coupling';
export {
  validateCoupling,
  isChannelCoupling,
  addChannelProduct,
  couplingGradientArrays,
  couplingFromInputMap,
  couplingToInputMap,
  applyCoupling,
  addCouplingProduct,
  addCouplingAdjointProduct,
  addCouplingEntryGradient,
  couplingNorm,
} from './coupling';
export type { MultilayerNetwork } from './multilayer-network';
export { validateNetwork, layerOffsets, layerView } from './multilayer-network';
export type { SupraGraph, DirectedComplexEdges } from './supra-graph';
export { assembleSupraGraph, disassembleSupraGraph, disassembleLayerSupraGraph, layerCount } from './supra-graph';
export type { SupraOperator } from './supra-operator';
export {
  supraOperator,
  applySupraOperator,
  applySupraOperatorAdjoint,
  globalSource,
  denseSupraOperator,
} from './supra-operator';
export { blockProx, blockProxJvp } from './block-potential';
export type { GlobalConditions } from './global-conditions';
export { globalConditions, weightedForwardBackwardRate, layerContractionRate } from './global-conditions';
export type { LayerSolve, ForwardSubstitution, GlobalSolveOptions, GlobalSolve } from './exact-solve';
export { layerSource, forwardSubstitution, blockJacobi, globalForwardBackward } from './exact-solve';
export type { GaussSeidelOptions, GaussSeidelResult } from './penalized-solve';
export { penalizedForwardBackward, penalizedGaussSeidel, GAUSS_SEIDEL_DEFAULTS } from './penalized-solve';
export type { LayerGradients, NetworkGradients } from './network-gradients';
export { assembleNetworkGradients, flattenGradients } from './network-gradients';
export type { GlobalStationaryPoint, GlobalAdjointOptions } from './network-adjoint';
export { layerwiseVjp, globalVjp } from './network-adjoint';
export type { RandomNetworkOptions } from './random-network';
export { randomNetwork, randomCoupling, randomChannelNetwork, randomChannelCoupling, RANDOM_NETWORK_DEFAULTS } from './random-network';
export type { PenaltySweepRow, SupragraphCheck } from './penalty-sweep';
export { checkSupragraph, logLogSlope, relativeMaxError, CHECK_TOL } from './penalty-sweep';
