import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { DataFormatError, InvalidArgumentError } from '@gsn/tensor';
import type { Csr } from '@gsn/tensor';
import { readDataFile } from './data-file';
import { parseEdgeList, parseNodeTable } from './geom-gcn-parse';
import { countSelfLoops, removeSelfLoops } from './self-loops';
import { parseSplit } from './split-parse';
import type { DatasetSplit } from './split-parse';
import { weightedGraph } from './weighted-graph';
import type { WeightedGraph } from './weighted-graph';

/** What the edge file held before it became `graph`. */
export interface SourceEdges {
  /** Edge lines in the file. */
  readonly lines: number;
  /** Distinct self-loops `i i` in the file. */
  readonly selfLoops: number;
  /** Lines naming an undirected pair already listed (either orientation). */
  readonly duplicates: number;
}

/** A node-classification graph in memory. */
export interface NodeClassificationDataset {
  readonly name: string;
  /** The folder read. */
  readonly folder: string;
  /** Undirected, float32 weights 1; self-loops of the source dropped unless `selfLoops: 'keep'`. */
  readonly graph: WeightedGraph<Float32Array>;
  /** Shape: (nodes x features), sparse. */
  readonly features: Csr<Float32Array>;
  /** Class of each node, -1 when unlabelled. Shape: (nodes). */
  readonly labels: Int32Array;
  readonly classes: number;
  /** Geom-GCN splits by K, then `planetoid` when present. */
  readonly splits: readonly DatasetSplit[];
  readonly source: SourceEdges;
}

export interface LoadDatasetOptions {
  /** Keep or drop the self-loops listed in the edge file (they are counted in `source` either way). */
  readonly selfLoops?: 'drop' | 'keep';
  /** Number of classes; labels must then lie in -1..classes-1. By default max label + 1, no class may be empty. */
  readonly classes?: number;
}

export const LOAD_DATASET_DEFAULTS = Object.freeze({ selfLoops: 'drop' as 'drop' | 'keep' });

const EDGE_FILE = 'out1_graph_edges.txt';
const NODE_FILE = 'out1_node_feature_label.txt';
const SPLIT_FILE = /^(.+)_split_([\d.]+)_([\d.]+)_(\d+)\.json(\.gz)?$/;
const PLANETOID_FILE = 'planetoid_split.json';

/**
 * The folder of shipped datasets: `$GSN_DATA` when set; else the `data/` an installed @gsn/graph
 * package carries beside its `src/` (`npm run packages`); else `data/` at the workspace root
 * (found from this file upward, by its `nx.json`), never a path outside the repository.
 */
export function dataDirectory(): string {
  if (process.env['GSN_DATA']) return resolve(process.env['GSN_DATA']);
  const packaged = join(__dirname, '..', 'data');
  if (existsSync(join(__dirname, '..', 'package.json')) && existsSync(packaged)) return packaged;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'nx.json'))) return join(dir, 'data');
    if (dirname(dir) === dir) return resolve(__dirname, '../../../data');
  }
}

/** Names of the datasets under `dataDirectory()` (folders holding an edge file). */
export function shippedDatasets(): string[] {
  const root = dataDirectory();
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((name) => [EDGE_FILE, `${EDGE_FILE}.gz`].some((f) => existsSync(join(root, name, f))))
    .sort();
}

/**
 * Loads a shipped dataset by name (`'cora'`, `'texas'`) or any folder in the Geom-GCN text
 * format by path. Files may be plain or gzipped (`name.gz`). Malformed input throws a
 * `DataFormatError` naming the file, the line and the problem.
 */
export function loadDataset(nameOrFolder: string, options: LoadDatasetOptions = {}): NodeClassificationDataset {
  const looksLikePath = /[\\/]/.test(nameOrFolder) || nameOrFolder.startsWith('.');
  if (!looksLikePath) {
    const shipped = join(dataDirectory(), nameOrFolder);
    if (existsSync(shipped)) return loadGeomGcnFolder(shipped, options);
    if (!existsSync(nameOrFolder)) {
      const known = shippedDatasets();
      throw new InvalidArgumentError(
        `unknown dataset '${nameOrFolder}': shipped are ${known.join(', ') || 'none'} (in ${dataDirectory()}); pass a folder path for others`,
      );
    }
  }
  return loadGeomGcnFolder(nameOrFolder, options);
}

/** Loads one folder in the Geom-GCN text format (see `loadDataset`). */
export function loadGeomGcnFolder(folder: string, options: LoadDatasetOptions = {}): NodeClassificationDataset {
  const selfLoops = options.selfLoops ?? LOAD_DATASET_DEFAULTS.selfLoops;
  if (selfLoops !== 'drop' && selfLoops !== 'keep') {
    throw new InvalidArgumentError(`loadDataset: selfLoops must be 'drop' or 'keep', got '${selfLoops}'`);
  }
  if (options.classes !== undefined && !(Number.isInteger(options.classes) && options.classes > 0)) {
    throw new InvalidArgumentError(`loadDataset: classes must be a positive integer, got ${options.classes}`);
  }
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new DataFormatError(folder, 0, 'no such folder');

  const nodeFile = readDataFile(join(folder, NODE_FILE));
  const table = parseNodeTable(nodeFile.bytes, nodeFile.path);
  const classes = checkLabels(table.labels, table.lineOfNode, nodeFile.path, options.classes);

  const edgeFile = readDataFile(join(folder, EDGE_FILE));
  const edges = parseEdgeList(edgeFile.bytes, edgeFile.path);
  for (let e = 0; e < edges.src.length; e++) {
    const bad = edges.src[e] >= table.nodes ? edges.src[e] : edges.dst[e] >= table.nodes ? edges.dst[e] : -1;
    if (bad >= 0) {
      throw new DataFormatError(
        edgeFile.path,
        edges.lines[e],
        `node id ${bad} out of range: ${nodeFile.path} has ${table.nodes} nodes`,
      );
    }
  }
  const full = weightedGraph({ nodes: table.nodes, src: edges.src, dst: edges.dst, dtype: 'float32', duplicates: 'max' });
  const source: SourceEdges = {
    lines: edges.src.length,
    selfLoops: countSelfLoops(full),
    duplicates: edges.src.length - full.src.length,
  };
  const graph = selfLoops === 'keep' ? full : removeSelfLoops(full);

  return {
    name: basename(resolve(folder)),
    folder: resolve(folder),
    graph,
    features: table.features,
    labels: table.labels,
    classes,
    splits: readSplits(folder, table.labels),
    source,
  };
}

function checkLabels(labels: Int32Array, lineOfNode: Int32Array, file: string, declared: number | undefined): number {
  let top = -1;
  for (let i = 0; i < labels.length; i++) if (labels[i] >= 0 && (top < 0 || labels[i] > labels[top])) top = i;
  const classes = declared ?? (top < 0 ? 0 : labels[top] + 1);
  if (top < 0) {
    if (declared === undefined) throw new DataFormatError(file, 0, 'no node has a label');
    return classes;
  }
  if (labels[top] >= classes) {
    throw new DataFormatError(file, lineOfNode[top], `label ${labels[top]} outside the class range -1..${classes - 1}`);
  }
  if (declared === undefined) {
    const count = new Int32Array(classes);
    for (let i = 0; i < labels.length; i++) if (labels[i] >= 0) count[labels[i]]++;
    const empty = count.findIndex((c) => c === 0);
    if (empty >= 0) {
      throw new DataFormatError(
        file,
        lineOfNode[top],
        `label ${labels[top]} leaves class ${empty} without any node: labels must number the classes 0..K-1`,
      );
    }
  }
  return classes;
}

function readSplits(folder: string, labels: Int32Array): DatasetSplit[] {
  const splits: DatasetSplit[] = [];
  const splitDir = join(folder, 'splits');
  if (existsSync(splitDir)) {
    const found = new Map<string, { file: string; train: number; val: number; k: number }>();
    for (const file of readdirSync(splitDir)) {
      const match = SPLIT_FILE.exec(file);
      if (!match) continue;
      const stem = file.replace(/\.gz$/, '');
      if (found.has(stem) && file.endsWith('.gz')) continue;
      found.set(stem, { file, train: Number(match[2]), val: Number(match[3]), k: Number(match[4]) });
    }
    const ordered = [...found.values()].sort((a, b) => a.train - b.train || a.val - b.val || a.k - b.k);
    for (const { file, train, val, k } of ordered) {
      const name = train === 0.6 && val === 0.2 ? `geom-gcn-${k}` : `geom-gcn-${train}-${val}-${k}`;
      splits.push(readSplit(join(splitDir, file), name, labels));
    }
  }
  const planetoid = join(folder, PLANETOID_FILE);
  if (existsSync(planetoid) || existsSync(`${planetoid}.gz`)) splits.push(readSplit(planetoid, 'planetoid', labels));
  return splits;
}

function readSplit(file: string, name: string, labels: Int32Array): DatasetSplit {
  const { path, bytes } = readDataFile(file);
  return parseSplit(bytes.toString('utf8'), path, name, labels);
}
