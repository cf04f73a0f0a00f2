import type { GraphInputs, Model } from '@gsn/nn';
import { InvalidArgumentError } from '@gsn/tensor';
import { STATIONARY_NETWORK_DEFAULTS } from '@gsn/train';
import { stationaryRebuild } from './graph-strategy';
import { servedSupraSolves } from './layer-sharded-solves';
import type { ModelSpec } from './model-spec';
import { withServingPool, type ServingPoolOptions } from './sharded-layer-op';

/**
 * The `layers` strategy of `gsn train`: the stationary network named by `spec` with
 * `--solve penalized`, rebuilt on this thread with its global forward and adjoint solves of the
 * penalised supra-graph relaxation run layer-parallel over `workers` worker threads
 * (`servedSupraSolves`: worker k owns the rows of a contiguous block of layers); `train(model)`
 * then trains it as one thread would. Refuses other models and solve modes, and more workers
 * than layers (a worker owns whole layers), naming the reason. A worker lost mid-solve is
 * replaced and the solve redone, noticed `options.barrierTimeoutMs` after the loss (`options.faults`
 * injects such losses: see `withServingPool`).
 */
export async function withLayerShardedModel<R>(
  data: string,
  spec: ModelSpec | undefined,
  workers: number,
  train: (model: Model<GraphInputs>) => R,
  options: Partial<ServingPoolOptions> = {},
): Promise<R> {
  if (spec?.model !== 'stationary' || spec.solve !== 'penalized') {
    const got = !spec ? 'a model it cannot rebuild' : spec.model !== 'stationary' ? `--model ${spec.model}` : `--solve ${spec.solve ?? 'layerwise'}`;
    throw new InvalidArgumentError(`--shard layers solves the penalized supra-graph relaxation of --model stationary: it needs --solve penalized; got ${got}`);
  }
  const rebuild = stationaryRebuild(data, spec);
  if (workers > rebuild.layers) {
    throw new InvalidArgumentError(
      `--shard layers gives each worker a block of whole layers: --workers ${workers} needs --layers ≥ ${workers}, got ${rebuild.layers} (use --shard graph to split within a layer)`,
    );
  }
  const penalty = spec.penalty ?? STATIONARY_NETWORK_DEFAULTS.penalty;
  const { potential } = STATIONARY_NETWORK_DEFAULTS;
  return withServingPool(
    workers,
    (pool, barrierTimeoutMs) => servedSupraSolves(pool, rebuild.structure, rebuild.layers, rebuild.channels, penalty, potential, { barrierTimeoutMs }),
    (served) => train(rebuild.model({ solve: 'penalized', penalty, globalSolves: served.solves })),
    options,
  );
}
