import { loadDataset } from '@gsn/graph';
import { useBackend } from '@gsn/tensor';
import { datasetTask, rowNormalized } from './dataset-task';

beforeAll(() => useBackend('cpu'));

describe('rowNormalized', () => {
  it('scales each row to sum 1 and leaves empty rows alone', () => {
    const x = { nRows: 3, nCols: 3, rowPtr: Int32Array.from([0, 2, 2, 3]), colIdx: Int32Array.from([0, 2, 1]), values: Float32Array.from([1, 3, 2]) };
    const y = rowNormalized(x);
    expect(Array.from(y.values)).toEqual([0.25, 0.75, 1]);
    expect(y.colIdx).toBe(x.colIdx);
    expect(Array.from(x.values)).toEqual([1, 3, 2]);
  });
});

describe('datasetTask', () => {
  it('builds Texas inputs: row-normalised features, Â with one self-loop per node, its splits', () => {
    const dataset = loadDataset('texas');
    const task = datasetTask(dataset);
    expect(task.dims).toEqual({ nodes: 183, features: 1703, classes: 5 });
    expect(task.inputs.adjacency.colIdx.length).toBe(dataset.graph.adjacency.colIdx.length + 183);
    expect(task.splits.filter((s) => s.name.startsWith('geom-gcn-'))).toHaveLength(10);
    task.dispose();
  });
});
