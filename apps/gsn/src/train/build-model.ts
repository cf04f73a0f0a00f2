import type { WeightedGraph } from '@gsn/graph';
import type { GraphInputs, Model } from '@gsn/nn';
import { gcn, mlp } from '@gsn/nn';
import { sheafNetwork, stationaryNetwork } from '@gsn/train';
import type { TrainArgs } from './train-args';

/** The model `--model` names, with the protocol's defaults (hidden 64, dropout 0.5 for the baselines). */
export function buildModel(args: TrainArgs, graph: WeightedGraph): Model<GraphInputs> {
  switch (args.model) {
    case 'gcn':
      return gcn();
    case 'mlp':
      return mlp();
    case 'stationary':
      return stationaryNetwork(graph, {
        ...(args.layers === undefined ? {} : { layers: args.layers }),
        ...(args.channels === undefined ? {} : { channels: args.channels }),
        ...(args.solve === undefined ? {} : { solve: args.solve }),
        ...(args.mu === undefined ? {} : { penalty: args.mu }),
      });
    case 'sheaf':
      return sheafNetwork(graph, {
        ...(args.layers === undefined ? {} : { layers: args.layers }),
        ...(args.channels === undefined ? {} : { channels: args.channels }),
        ...(args.stalk === undefined ? {} : { stalk: args.stalk }),
      });
  }
}
