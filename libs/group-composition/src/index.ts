export type { Activation, NetworkParams, TrainOptions } from './network';
export {
  TRAIN_DEFAULTS,
  validateTrainOptions,
  networkOutput,
  compositionTarget,
  lossAndGradient,
  projectToSpheres,
  initNetwork,
  projectedGradientStep,
  trainGroupComposition,
  majorityVote,
  compositionAccuracy,
} from './network';
export type { NeuronAlignment, PhaseAlignment } from './spectral';
export {
  compositionEnergy,
  compositionEnergyFourier,
  neuronIrrepPower,
  irrepConcentration,
  neuronAlignment,
  cyclicPhaseAlignment,
} from './spectral';
