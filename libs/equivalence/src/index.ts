export type {
  Readout,
  GsnModel,
  SupModel,
  SheafNetwork,
  ShfModel,
  ResolventLayer,
  RffModel,
  UnrolledModel,
  EvaluationOptions,
} from './models';
export {
  EVALUATION_DEFAULTS,
  applyReadout,
  scaledPotential,
  evaluateGsn,
  evaluateSup,
  evaluateShf,
  evaluateRff,
  evaluateUnrolled,
  resolvent,
} from './models';
export {
  rffToGsn,
  gsnToRff,
  shfToRff,
  gsnToUnrolled,
  unrolledContraction,
  gsnToSup,
  supToGsn,
  gsnToShf,
  maxAbsDiff,
} from './conversions';
export { shfToGsn, liftState } from './sheaf-to-gsn';
export type { BoundOptions, ModelBounds } from './bounds';
export { BOUND_DEFAULTS, readoutNorm, gsnBounds, supBounds, shfBounds, rffBounds, unrolledBounds } from './bounds';
export type { RandomModelOptions, RandomSheafOptions } from './random-models';
export { RANDOM_MODEL_DEFAULTS, RANDOM_SHEAF_DEFAULTS, randomReadout, randomGsnModel, randomShfModel } from './random-models';
export { gsnModelFromJson, gsnModelToJson } from './model-file';
export type { ComparisonPair, UnrolledDecay, ComparisonReport, CompareOptions } from './compare-forms';
export { COMPARE_DEFAULTS, compareForms, geometricRate } from './compare-forms';
