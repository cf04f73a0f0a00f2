export type { ModuliPoint, CandidateKindCode, CandidateKindName, StratumSummary } from './moduli-point';
export {
  CandidateKind,
  CANDIDATE_KIND_NAMES,
  edgeCount,
  validateModuliPoint,
  withPointWeights,
  support,
  supportSize,
  isFaceOf,
  relabelNodes,
  stratumSummary,
} from './moduli-point';
export type { EdgeListInput, DenseFeatures, NodeFeatures, CandidateOptions } from './candidates';
export { moduliPoint, CANDIDATE_DEFAULTS } from './candidates';
export type { HessianMetric } from './metrics';
export {
  euclideanMetric,
  entropyMetric,
  logBarrierMetric,
  hypentropyMetric,
  METRIC_DEFAULTS,
  potentialValue,
  metricDiagonal,
  metricBounds,
} from './metrics';
export type { TubePoint } from './kahler';
export { kahlerPotential, kahlerMetric } from './kahler';
export type { StepSize, KktResidual } from './steps';
export { naturalStep, mirrorStep, kktResidual } from './steps';
export type {
  FaceEvent,
  UpdateContext,
  ModuliState,
  ModuliUpdate,
  ModuliOptimizer,
  LearningRate,
  ModuliOptimizerOptions,
  SoftplusState,
  SoftplusOptimizerOptions,
} from './moduli-optimizer';
export {
  moduliOptimizer,
  MODULI_OPTIMIZER_DEFAULTS,
  softplusOptimizer,
  SOFTPLUS_OPTIMIZER_DEFAULTS,
} from './moduli-optimizer';
export { moduliGraph } from './graph-bridge';
