import type { GraphInputs, ModelDims } from '@gsn/nn';

/** One train/validation/test partition of the labelled nodes. */
export interface Split {
  readonly name: string;
  readonly train: ArrayLike<number>;
  readonly val: ArrayLike<number>;
  readonly test: ArrayLike<number>;
}

/** Full-batch node classification: model inputs, labels (−1 = unlabelled), sizes, named splits. */
export interface NodeClassificationTask<I = GraphInputs> {
  readonly name: string;
  readonly inputs: I;
  readonly labels: Int32Array;
  readonly dims: ModelDims;
}
