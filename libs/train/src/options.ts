import { InvalidArgumentError } from '@gsn/tensor';

/** The training protocol of peer.py (full batch, Adam with L2, early stopping on validation accuracy). */
export interface TrainOptions {
  /** Maximum number of epochs. */
  readonly epochs: number;
  /** Stop after this many epochs without a better validation accuracy (ties broken by lower loss). */
  readonly patience: number;
  /** Adam learning rate. */
  readonly lr: number;
  /** L2 coefficient added to the gradient before Adam (torch `Adam(weight_decay)`), on every parameter. */
  readonly weightDecay: number;
  /** Seed of run 0; run k uses `seed + k`, as peer.py does. */
  readonly seed: number;
}

export const TRAIN_DEFAULTS: TrainOptions = Object.freeze({
  epochs: 500,
  patience: 100,
  lr: 0.01,
  weightDecay: 5e-4,
  seed: 0,
});

/** Fills defaults and checks every field, naming the bad one. */
export function trainOptions(partial: Partial<TrainOptions> = {}): TrainOptions {
  const o = { ...TRAIN_DEFAULTS, ...partial };
  for (const k of Object.keys(o) as (keyof TrainOptions)[]) {
    if (!(k in TRAIN_DEFAULTS)) throw new InvalidArgumentError(`train: unknown option '${k}'`);
  }
  const positiveInt = (k: 'epochs' | 'patience') => {
    if (!(Number.isInteger(o[k]) && o[k] > 0)) throw new InvalidArgumentError(`train: ${k} = ${o[k]} is not a positive integer`);
  };
  positiveInt('epochs');
  positiveInt('patience');
  if (!(o.lr > 0)) throw new InvalidArgumentError(`train: lr = ${o.lr} is not positive`);
  if (!(o.weightDecay >= 0)) throw new InvalidArgumentError(`train: weightDecay = ${o.weightDecay} is negative or NaN`);
  if (!(Number.isInteger(o.seed) && o.seed >= 0)) throw new InvalidArgumentError(`train: seed = ${o.seed} is not a non-negative integer`);
  return Object.freeze(o);
}
