import type { ModelSpec } from '@gsn/coordinator';
import type { TrainArgs } from './train-args';

/**
 * The model, its layer graph, graph learning and balance penalty `gsn train` asks for, as
 * data: the one description both the plain run and the workers of `--workers N` build from
 * (`runSetupFromSpec`).
 */
export function modelSpecOf(args: TrainArgs): ModelSpec {
  return {
    model: args.model,
    ...(args.layers === undefined ? {} : { layers: args.layers }),
    ...(args.channels === undefined ? {} : { channels: args.channels }),
    ...(args.stalk === undefined ? {} : { stalk: args.stalk }),
    ...(args.dropout === undefined ? {} : { dropout: args.dropout }),
    ...(args.solve === undefined ? {} : { solve: args.solve }),
    ...(args.mu === undefined ? {} : { penalty: args.mu }),
    ...(args.layerGraph === undefined ? {} : { layerGraph: args.layerGraph }),
    ...(args.graph === undefined ? {} : { graph: args.graph }),
    ...(args.balance === undefined ? {} : { balance: args.balance }),
  };
}

