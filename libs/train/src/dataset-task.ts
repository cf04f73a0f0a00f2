import { gcnNormalizedAdjacency, type NodeClassificationDataset } from '@gsn/graph';
import type { GraphInputs } from '@gsn/nn';
import { csrTensorFromCsr, type Csr } from '@gsn/tensor';
import type { NodeClassificationTask, Split } from './task';

/**
 * Rows scaled to sum 1 (rows summing to 0 are left as they are), as peer.py and Kipf & Welling
 * preprocess bag-of-words features. Same pattern, new values.
 */
export function rowNormalized(x: Csr<Float32Array>): Csr<Float32Array> {
  const values = new Float32Array(x.values.length);
  for (let i = 0; i < x.nRows; i++) {
    let s = 0;
    for (let k = x.rowPtr[i]; k < x.rowPtr[i + 1]; k++) s += x.values[k];
    const scale = s === 0 ? 1 : 1 / s;
    for (let k = x.rowPtr[i]; k < x.rowPtr[i + 1]; k++) values[k] = x.values[k] * scale;
  }
  return { ...x, values };
}

/**
 * The full-batch task of a loaded dataset, with peer.py's preprocessing: row-normalised sparse
 * features and `Â = D^−½ (A + I) D^−½` (binary edges, one unit self-loop per node), both as
 * `CsrTensor`s. `dispose()` frees their value tensors.
 */
export function datasetTask(dataset: NodeClassificationDataset): NodeClassificationTask<GraphInputs> & {
  readonly splits: readonly Split[];
  dispose(): void;
} {
  const inputs: GraphInputs = {
    features: csrTensorFromCsr(rowNormalized(dataset.features)),
    adjacency: csrTensorFromCsr(gcnNormalizedAdjacency(dataset.graph)),
  };
  return {
    name: dataset.name,
    inputs,
    labels: dataset.labels,
    dims: { nodes: dataset.graph.nodes, features: dataset.features.nCols, classes: dataset.classes },
    splits: dataset.splits,
    dispose() {
      if ('values' in inputs.features) inputs.features.values.dispose();
      inputs.adjacency.values.dispose();
    },
  };
}
