export type { Factors } from './factorization';
export {
  checkFactors,
  predict,
  predictPair,
  regularizer,
  normAndMisalignment,
  applyGauge,
  regularRepresentationFactors,
} from './factorization';
export type { CompletionOptions, CompletionRecord } from './training';
export {
  COMPLETION_DEFAULTS,
  validateCompletionOptions,
  randomFactors,
  observedPairs,
  completionObjective,
  trainCompletion,
} from './training';
export { latinMarginalResiduals } from './latin-marginals';
export { completionAccuracy, complementPairs, unitarityError, closureDiagnostics } from './diagnostics';
