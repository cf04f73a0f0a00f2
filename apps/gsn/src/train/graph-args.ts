import { GRAPH_LEARNING_METRICS, GRAPH_LEARNING_MODES, type GraphLearningMetric, type GraphLearningMode, type GraphLearningOptions } from '@gsn/train';
import { InvalidArgumentError } from '@gsn/tensor';
import { nonNegativeInt, nonNegativeNumber } from '../flag-numbers';

/** The flags of graph learning, as `parseArgs` options of `gsn train`. */
export const GRAPH_FLAGS = {
  'learn-graph': { type: 'string' },
  'graph-metric': { type: 'string' },
  'graph-lr': { type: 'string' },
  'graph-l1': { type: 'string' },
  'two-hop': { type: 'string' },
  knn: { type: 'string' },
} as const;

export interface GraphFlagValues {
  readonly 'learn-graph'?: string;
  readonly 'graph-metric'?: string;
  readonly 'graph-lr'?: string;
  readonly 'graph-l1'?: string;
  readonly 'two-hop'?: string;
  readonly knn?: string;
}

/** The models whose layers have learnable edge weights `layer<l>.edgeWeights` (what graph learning trains). */
const LEARNED_GRAPH_MODELS = ['sheaf', 'stationary'];

/**
 * `--learn-graph natural|mirror|euclidean|off` (default natural), `--graph-metric
 * entropy|log-barrier|hypentropy` (default entropy; for natural and mirror only), `--graph-lr η`, `--graph-l1 λ₁`,
 * `--two-hop K` (2-hop candidates per node), `--knn K` (feature k-NN candidates per node):
 * graph learning of `--model stationary` and `sheaf`.
 */
export function parseGraphFlags(values: GraphFlagValues, model: string): Partial<GraphLearningOptions> | undefined {
  const given = Object.keys(GRAPH_FLAGS).filter((k) => values[k as keyof GraphFlagValues] !== undefined);
  if (!LEARNED_GRAPH_MODELS.includes(model)) {
    if (given.length) throw new InvalidArgumentError(`--${given[0]} applies to --model ${LEARNED_GRAPH_MODELS.join(' or ')} only`);
    return undefined;
  }
  const mode = values['learn-graph'] ?? 'natural';
  if (!(GRAPH_LEARNING_MODES as readonly string[]).includes(mode)) {
    throw new InvalidArgumentError(`--learn-graph must be one of ${GRAPH_LEARNING_MODES.join(', ')}, got '${mode}'`);
  }
  const out: { -readonly [K in keyof GraphLearningOptions]?: GraphLearningOptions[K] } = { mode: mode as GraphLearningMode };
  const metric = values['graph-metric'];
  if (metric !== undefined) {
    if (!(GRAPH_LEARNING_METRICS as readonly string[]).includes(metric)) {
      throw new InvalidArgumentError(`--graph-metric must be one of ${GRAPH_LEARNING_METRICS.join(', ')}, got '${metric}'`);
    }
    if (mode !== 'natural' && mode !== 'mirror') throw new InvalidArgumentError(`--graph-metric applies to --learn-graph natural or mirror, not ${mode}`);
    out.metric = metric as GraphLearningMetric;
  }
  if (values['graph-lr'] !== undefined) {
    out.lr = nonNegativeNumber('graph-lr', values['graph-lr']);
    if (out.lr === 0) throw new InvalidArgumentError(`--graph-lr must be positive, got '${values['graph-lr']}'`);
  }
  if (values['graph-l1'] !== undefined) out.l1 = nonNegativeNumber('graph-l1', values['graph-l1']);
  if (values['two-hop'] !== undefined) out.twoHopPerNode = nonNegativeInt('two-hop', values['two-hop']);
  if (values.knn !== undefined) out.knnPerNode = nonNegativeInt('knn', values.knn);
  return out;
}
