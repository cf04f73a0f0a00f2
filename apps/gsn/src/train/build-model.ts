import type { WeightedGraph } from '@gsn/graph';
import type { GraphInputs, Model } from '@gsn/nn';
import { modelFromSpec, type ModelSpec } from '@gsn/coordinator';
import type { TrainArgs } from './train-args';

/**
 * The model, graph learning and balance penalty `gsn train` asks for, as data: the one
 * description both the plain run and the workers of `--workers N` build from.
 */
export function modelSpecOf(args: TrainArgs): ModelSpec {
  return {
    model: args.model,
    ...(args.layers === undefined ? {} : { layers: args.layers }),
    ...(args.channels === undefined ? {} : { channels: args.channels }),
    ...(args.stalk === undefined ? {} : { stalk: args.stalk }),
    ...(args.solve === undefined ? {} : { solve: args.solve }),
    ...(args.mu === undefined ? {} : { penalty: args.mu }),
    ...(args.layerGraph === undefined ? {} : { layerGraph: args.layerGraph }),
    ...(args.graph === undefined ? {} : { graph: args.graph }),
    ...(args.balance === undefined ? {} : { balance: args.balance }),
  };
}

/** The model `--model` names, with the protocol's defaults (`modelFromSpec`). */
export function buildModel(args: TrainArgs, graph: WeightedGraph): Model<GraphInputs> {
  return modelFromSpec(modelSpecOf(args), graph);
}
