import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DataFormatError, InvalidArgumentError, nnz, validateCsr } from '@gsn/tensor';
import { connectedComponents } from './components';
import { dataDirectory, loadDataset, shippedDatasets } from './datasets';
import { edgeHomophily } from './homophily';
import { countSelfLoops } from './self-loops';

const EDGES = 'node_id\tnode_id\n0\t1\n1\t2\n2\t3\n3\t0\n';
const NODES = 'node_id\tfeature\tlabel\n0\t1,0,0\t0\n1\t0,2.5,0\t1\n2\t0,0,1\t0\n3\t1,1,0\t-1\n';
const SPLIT = JSON.stringify({ train: [0], val: [1], test: [2] });

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'gsn-graph-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

let fixtures = 0;
/** Writes a small dataset folder; `files` overrides (or with `undefined` removes) the valid defaults. */
function fixture(files: Record<string, string | Buffer | undefined> = {}): string {
  const folder = join(root, `case${fixtures++}`);
  const all: Record<string, string | Buffer | undefined> = {
    'out1_graph_edges.txt': EDGES,
    'out1_node_feature_label.txt': NODES,
    'splits/tiny_split_0.6_0.2_0.json': SPLIT,
    ...files,
  };
  for (const [name, content] of Object.entries(all)) {
    if (content === undefined) continue;
    mkdirSync(dirname(join(folder, name)), { recursive: true });
    writeFileSync(join(folder, name), content);
  }
  return folder;
}

function dataError(run: () => unknown): DataFormatError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(DataFormatError);
    return err as DataFormatError;
  }
  throw new Error('expected a DataFormatError');
}

function expectBad(files: Record<string, string | Buffer | undefined>, file: string, line: number, problem: RegExp): void {
  const folder = fixture(files);
  const err = dataError(() => loadDataset(folder));
  expect(err.file).toBe(join(folder, file));
  expect(err.line).toBe(line);
  expect(err.message).toMatch(problem);
}

describe('loadDataset on a valid Geom-GCN folder', () => {
  it('reads graph, sparse features, labels, classes and splits', () => {
    const d = loadDataset(fixture());
    expect(d.graph.nodes).toBe(4);
    expect(d.graph.directed).toBe(false);
    expect(d.graph.weights).toBeInstanceOf(Float32Array);
    expect(d.graph.src.length).toBe(4);
    validateCsr(d.features);
    expect([d.features.nRows, d.features.nCols, nnz(d.features)]).toEqual([4, 3, 5]);
    expect(Array.from(d.features.values)).toEqual([1, 2.5, 1, 1, 1]);
    expect(Array.from(d.labels)).toEqual([0, 1, 0, -1]);
    expect(d.classes).toBe(2);
    expect(d.splits.map((s) => s.name)).toEqual(['geom-gcn-0']);
    expect(Array.from(d.splits[0].test)).toEqual([2]);
  });

  it('reads gzipped files, rows in any id order, CRLF line ends and boolean-mask splits', () => {
    const folder = fixture({
      'out1_graph_edges.txt': undefined,
      'out1_graph_edges.txt.gz': gzipSync(EDGES.replace(/\n/g, '\r\n')),
      'out1_node_feature_label.txt': 'h\n3\t1,1,0\t-1\n1\t0,2.5,0\t1\n0\t1,0,0\t0\n2\t0,0,1\t0',
      'splits/tiny_split_0.6_0.2_0.json': undefined,
      'splits/tiny_split_0.6_0.2_1.json.gz': gzipSync(SPLIT),
      'planetoid_split.json': JSON.stringify({ train_mask: [true, false, false, false], val_mask: [false, true, false, false], test_mask: [false, false, true, false] }),
    });
    const d = loadDataset(folder);
    expect(d.graph.src.length).toBe(4);
    expect(Array.from(d.labels)).toEqual([0, 1, 0, -1]);
    expect(Array.from(d.features.colIdx)).toEqual([0, 1, 2, 0, 1]);
    expect(d.splits.map((s) => s.name)).toEqual(['geom-gcn-1', 'planetoid']);
    expect(Array.from(d.splits[1].val)).toEqual([1]);
  });

  it('merges repeated edges, reports and drops self-loops unless asked to keep them', () => {
    const folder = fixture({ 'out1_graph_edges.txt': `${EDGES}1\t0\n2\t2\n2\t2\n` });
    const d = loadDataset(folder);
    expect(d.source).toEqual({ lines: 7, selfLoops: 1, duplicates: 2 });
    expect(d.graph.src.length).toBe(4);
    expect(countSelfLoops(d.graph)).toBe(0);
    const kept = loadDataset(folder, { selfLoops: 'keep' });
    expect(countSelfLoops(kept.graph)).toBe(1);
    expect(Array.from(kept.graph.weights)).toEqual([1, 1, 1, 1, 1]);
  });

  it('checks its options', () => {
    expect(() => loadDataset(fixture(), { selfLoops: 'maybe' as 'keep' })).toThrow(InvalidArgumentError);
    expect(() => loadDataset(fixture(), { classes: 0 })).toThrow(InvalidArgumentError);
    expect(loadDataset(fixture(), { classes: 5 }).classes).toBe(5);
  });
});

describe('loadDataset on malformed input', () => {
  it('names a missing folder, a missing file and a corrupt gzip', () => {
    expect(dataError(() => loadDataset(join(root, 'nowhere'))).message).toMatch(/no such folder/);
    expectBad({ 'out1_graph_edges.txt': undefined }, 'out1_graph_edges.txt', 0, /missing file/);
    expectBad({ 'out1_node_feature_label.txt': undefined }, 'out1_node_feature_label.txt', 0, /missing file/);
    expectBad(
      { 'out1_node_feature_label.txt': undefined, 'out1_node_feature_label.txt.gz': 'not gzip' },
      'out1_node_feature_label.txt.gz',
      0,
      /gzip/,
    );
  });

  it('rejects bad edge lines: field count, non-numeric, out-of-range id, empty line', () => {
    const edges = (body: string) => ({ 'out1_graph_edges.txt': `node_id\tnode_id\n0\t1\n${body}` });
    expectBad(edges('1\t2\t3\n'), 'out1_graph_edges.txt', 3, /expected 2 tab-separated fields.*found 3/);
    expectBad(edges('1 2\n'), 'out1_graph_edges.txt', 3, /found 1/);
    expectBad(edges('1\tx\n'), 'out1_graph_edges.txt', 3, /'x' is not a non-negative integer/);
    expectBad(edges('1\t-2\n'), 'out1_graph_edges.txt', 3, /not a non-negative integer/);
    expectBad(edges('1\t4\n'), 'out1_graph_edges.txt', 3, /node id 4 out of range.*4 nodes/);
    expectBad(edges('\n1\t2\n'), 'out1_graph_edges.txt', 3, /empty line/);
    expectBad({ 'out1_graph_edges.txt': '' }, 'out1_graph_edges.txt', 1, /empty file/);
    expectBad({ 'out1_graph_edges.txt': '0\t1\n1\t2\n' }, 'out1_graph_edges.txt', 1, /expected a header line/);
  });

  it('rejects bad node rows: field count, ids, features, labels', () => {
    const nodes = (...rows: string[]) => ({ 'out1_node_feature_label.txt': ['h', ...rows].join('\n') });
    const file = 'out1_node_feature_label.txt';
    expectBad(nodes('0\t1,0,0\t0', '1\t0,1,0'), file, 3, /expected 3 tab-separated fields.*found 2/);
    expectBad(nodes('0\t1,0,0\t0', 'a\t0,1,0\t1'), file, 3, /node id 'a'/);
    expectBad(nodes('0\t1,0,0\t0', '1\t0,x,0\t1'), file, 3, /feature 2 'x' is not a number/);
    expectBad(nodes('0\t1,0,0\t0', '1\t0,,0\t1'), file, 3, /feature 2 is empty/);
    expectBad(nodes('0\t1,0,0\t0', '1\t0,1\t1'), file, 3, /row has 2 features, expected 3 as on line 2/);
    expectBad(nodes('0\t1,0,0\t0', '1\t0,1,0\t1.5'), file, 3, /label '1.5' is not an integer/);
    expectBad(nodes('0\t1,0,0\t0', '1\t0,1,0\t-2'), file, 3, /label -2 is below -1/);
    expectBad(nodes('0\t1,0,0\t0', '0\t0,1,0\t1', '2\t0,1,0\t1', '3\t0,1,0\t1'), file, 3, /duplicate node id 0 \(first on line 2\)/);
    expectBad(nodes('0\t1,0,0\t0', '7\t0,1,0\t1', '2\t0,1,0\t1', '3\t0,1,0\t1'), file, 3, /node id 7 out of range/);
    expectBad(nodes('0\t1,0,0\t0', '1\t0,1,0\t3', '2\t0,1,0\t1', '3\t0,1,0\t1'), file, 3, /label 3 leaves class 2 without any node/);
    expectBad(nodes('0\t1,0,0\t-1', '1\t0,1,0\t-1', '2\t0,1,0\t-1', '3\t0,1,0\t-1'), file, 0, /no node has a label/);
    expectBad(nodes(), file, 0, /no node rows/);
    const folder = fixture();
    const err = dataError(() => loadDataset(folder, { classes: 1 }));
    expect([err.line, err.message]).toEqual([3, expect.stringMatching(/label 1 outside the class range -1..0/)]);
  });

  it('rejects bad splits: JSON, missing node, overlap, empty, unlabelled, repeats, non-integers, missing part', () => {
    const file = 'splits/tiny_split_0.6_0.2_0.json';
    const split = (text: string) => ({ [file]: text });
    expectBad(split('{"train": [0],\n "val": [1,\n'), file, 2, /invalid JSON/);
    expectBad(split('[0, 1]'), file, 1, /expected a JSON object/);
    expectBad(split('{"train": [0],\n "val": [1],\n "test": [2,\n 9]}'), file, 4, /test\[1\] names node 9, which does not exist/);
    expectBad(split('{"train": [0, 1], "val": [1], "test": [2]}'), file, 1, /node 1 is in both train and val/);
    expectBad(split('{"train": [0, 0], "val": [1], "test": [2]}'), file, 1, /train lists node 0 twice/);
    expectBad(split('{"train": [0], "val": [1],\n"test": []}'), file, 2, /'test' is empty/);
    expectBad(split('{"train": [0], "val": [1], "test": [3]}'), file, 1, /node 3, which has no label/);
    expectBad(split('{"train": [0.5], "val": [1], "test": [2]}'), file, 1, /is not an integer node id/);
    expectBad(split('{"train": [0], "test": [2]}'), file, 1, /missing 'val'/);
    expectBad(split('{"train": 0, "val": [1], "test": [2]}'), file, 1, /'train' is not an array/);
    expectBad({ 'planetoid_split.json': '{}' }, 'planetoid_split.json', 1, /missing 'train'/);
  });
});

describe('shipped datasets', () => {
  it('lists cora and texas inside the repository data folder', () => {
    expect(shippedDatasets()).toEqual(expect.arrayContaining(['cora', 'texas']));
    expect(dataDirectory()).not.toMatch(/shared/);
  });

  it('cora: 2708 nodes, 5278 undirected edges, 1433 features, 7 classes, 10 + planetoid splits', () => {
    const d = loadDataset('cora');
    expect([d.graph.nodes, d.graph.src.length, d.features.nCols, d.classes]).toEqual([2708, 5278, 1433, 7]);
    expect(d.source).toEqual({ lines: 5278, selfLoops: 0, duplicates: 0 });
    expect(nnz(d.features)).toBe(49216);
    expect(d.splits.map((s) => [s.name, s.train.length, s.val.length, s.test.length])).toEqual([
      ...Array.from({ length: 10 }, (_, k) => [`geom-gcn-${k}`, 1192, 796, 497]),
      ['planetoid', 140, 500, 1000],
    ]);
    expect(edgeHomophily(d.graph, d.labels)).toBeCloseTo(0.81, 2);
    const components = connectedComponents(d.graph);
    expect([components.count, Math.max(...components.sizes)]).toEqual([78, 2485]);
  });

  it('texas: 183 nodes, 325 edge lines holding 16 self-loops and 30 reciprocal pairs', () => {
    const d = loadDataset('texas');
    expect([d.graph.nodes, d.graph.src.length, d.features.nCols, d.classes]).toEqual([183, 279, 1703, 5]);
    expect(d.source).toEqual({ lines: 325, selfLoops: 16, duplicates: 30 });
    expect(loadDataset('texas', { selfLoops: 'keep' }).graph.src.length).toBe(295);
    expect(d.splits).toHaveLength(10);
  });

  it('finds data under $GSN_DATA and explains an unknown name', () => {
    const saved = process.env['GSN_DATA'];
    try {
      process.env['GSN_DATA'] = root;
      fixture();
      expect(loadDataset('case0').graph.nodes).toBe(4);
      expect(() => loadDataset('cora')).toThrow(/unknown dataset 'cora'/);
      expect(() => loadDataset('cora')).toThrow(InvalidArgumentError);
    } finally {
      if (saved === undefined) delete process.env['GSN_DATA'];
      else process.env['GSN_DATA'] = saved;
    }
  });
});
