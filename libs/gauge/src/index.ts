export type { HomogeneousActivation, MlpSpec, LayerOffsets, LossAndGradient } from './mlp';
export { validateMlpSpec, layerOffsets, parameterCount, initMlp, mlpForward, mlpLossAndGradient } from './mlp';
export type { HiddenNeuron, NeuronNorms } from './orbit';
export {
  hiddenNeurons,
  orbitGenerator,
  neuronNorms,
  imbalances,
  logImbalances,
  generatorGram,
  rescaleNeurons,
  verticalCombination,
} from './orbit';
export type { PenaltyLayer, PenaltyOptions, PenaltyValue } from './penalty';
export { PENALTY_DEFAULTS, normBalancingPenalty, mlpPenaltyLayers, mlpNormBalancingPenalty } from './penalty';
export type { HardGaugeFixOptions, HardGaugeFix } from './balance';
export { HARD_GAUGE_FIX_DEFAULTS, hardGaugeFix } from './balance';
export type { GaugeCoordinates } from './coordinates';
export { gaugeCoordinates, fromGaugeCoordinates, gaugeSplit, fromGaugeSplit } from './coordinates';
export { scaleDrift, imbalanceAfterStep } from './drift';
export type { ToyThresholdOptions } from './toy';
export { TOY_THRESHOLD_DEFAULTS, toyStabilityLimit, toyStep, measureToyThreshold } from './toy';
export type { StationaryEdge, StationaryCoupling } from './stationary';
export { gaugeComponents, isStationaryGauge, rescaleStationaryNodes } from './stationary';
