import type { Experiment } from './experiment';
import { groupCompositionExperiment } from './group-composition';
import { hypercubeExperiment } from './hypercube';
import { gaugeLrExperiment } from './gauge-lr';
import { quotientCurvatureExperiment } from './quotient-curvature';
import { latentGraphExperiment } from './latent-graph';

export type { Experiment, ExperimentOptions } from './experiment';

/** Every `gsn reproduce` experiment: one import and one entry each. */
export const EXPERIMENTS: readonly Experiment[] = [groupCompositionExperiment, hypercubeExperiment, gaugeLrExperiment, quotientCurvatureExperiment, latentGraphExperiment];
