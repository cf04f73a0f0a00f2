import { DataFormatError } from '@gsn/tensor';
import type { Csr } from '@gsn/tensor';

// Byte-level parsers for the Geom-GCN text files: Cora's 7.7 MB feature file is scanned once,
// without splitting it into strings (numbers other than plain integers fall back to Number()).
const TAB = 9;
const NEWLINE = 10;
const RETURN = 13;
const COMMA = 44;
const MINUS = 45;
const ZERO = 48;

/** Lines of a text file after its header: [start, end) byte ranges without the line break. */
function* dataLines(bytes: Uint8Array, file: string): Generator<{ start: number; end: number; line: number }> {
  if (bytes.length === 0) throw new DataFormatError(file, 1, 'empty file, expected a header line');
  const first = bytes[0] === MINUS ? bytes[1] : bytes[0];
  if (first - ZERO >= 0 && first - ZERO <= 9) {
    throw new DataFormatError(file, 1, 'expected a header line, found data (the first line is skipped as a header)');
  }
  let pos = bytes.indexOf(NEWLINE);
  if (pos < 0) return;
  pos++;
  let line = 1;
  while (pos < bytes.length) {
    line++;
    let next = bytes.indexOf(NEWLINE, pos);
    if (next < 0) next = bytes.length;
    const end = next > pos && bytes[next - 1] === RETURN ? next - 1 : next;
    if (end === pos) {
      if (!onlyLineBreaks(bytes, next)) throw new DataFormatError(file, line, 'empty line');
      return;
    }
    yield { start: pos, end, line };
    pos = next + 1;
  }
}

function onlyLineBreaks(bytes: Uint8Array, from: number): boolean {
  for (let p = from; p < bytes.length; p++) if (bytes[p] !== NEWLINE && bytes[p] !== RETURN) return false;
  return true;
}

/** A non-negative or negative decimal integer in bytes [s, e), NaN if it is not one. */
function parseInteger(bytes: Uint8Array, s: number, e: number): number {
  let negative = false;
  if (s < e && bytes[s] === MINUS) {
    negative = true;
    s++;
  }
  if (s >= e || e - s > 15) return NaN;
  let v = 0;
  for (; s < e; s++) {
    const digit = bytes[s] - ZERO;
    if (digit < 0 || digit > 9) return NaN;
    v = v * 10 + digit;
  }
  return negative ? -v : v;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function text(bytes: Uint8Array, s: number, e: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + s, e - s).toString('latin1');
}

function countTabs(bytes: Uint8Array, s: number, e: number): number {
  let tabs = 0;
  for (let p = s; p < e; p++) if (bytes[p] === TAB) tabs++;
  return tabs;
}

function quoted(bytes: Uint8Array, s: number, e: number): string {
  const t = text(bytes, s, Math.min(e, s + 40));
  return `'${t}${e - s > 40 ? '...' : ''}'`;
}

/**
 * `out1_graph_edges.txt`: a header line, then `u<TAB>v` per line. Ids are only checked to be
 * non-negative integers here; the loader checks them against the node count.
 */
export function parseEdgeList(bytes: Uint8Array, file: string): { src: Int32Array; dst: Int32Array; lines: Int32Array } {
  const src: number[] = [];
  const dst: number[] = [];
  const lines: number[] = [];
  for (const { start, end, line } of dataLines(bytes, file)) {
    const tab = bytes.indexOf(TAB, start);
    if (tab < 0 || tab >= end || countTabs(bytes, start, end) !== 1) {
      const fields = countTabs(bytes, start, end) + 1;
      throw new DataFormatError(file, line, `expected 2 tab-separated fields (u, v), found ${fields}`);
    }
    const u = parseInteger(bytes, start, tab);
    const v = parseInteger(bytes, tab + 1, end);
    if (!Number.isInteger(u) || u < 0) {
      throw new DataFormatError(file, line, `node id ${quoted(bytes, start, tab)} is not a non-negative integer`);
    }
    if (!Number.isInteger(v) || v < 0) {
      throw new DataFormatError(file, line, `node id ${quoted(bytes, tab + 1, end)} is not a non-negative integer`);
    }
    src.push(u);
    dst.push(v);
    lines.push(line);
  }
  return { src: Int32Array.from(src), dst: Int32Array.from(dst), lines: Int32Array.from(lines) };
}

/** Parsed `out1_node_feature_label.txt`: rows ordered by node id. */
export interface NodeTable {
  readonly nodes: number;
  /** Sparse (nodes x features), zeros dropped. */
  readonly features: Csr<Float32Array>;
  /** -1 for unlabelled nodes. Shape: (nodes). */
  readonly labels: Int32Array;
  /** The 1-based line of each node's row. Shape: (nodes). */
  readonly lineOfNode: Int32Array;
}

/**
 * `out1_node_feature_label.txt`: a header line, then `id<TAB>f1,f2,...<TAB>label` per node.
 * Ids must be exactly 0..n-1 in any order (n = number of rows), every row must have the
 * same number of features, labels must be integers >= -1.
 */
export function parseNodeTable(bytes: Uint8Array, file: string): NodeTable {
  let capacity = Math.max(1024, bytes.length >> 4);
  let cols = new Int32Array(capacity);
  let vals = new Float32Array(capacity);
  let nnz = 0;
  const rowStart: number[] = [];
  const rowId: number[] = [];
  const rowLabel: number[] = [];
  const rowLine: number[] = [];
  let featureCount = -1;
  let firstLine = 0;
  for (const { start, end, line } of dataLines(bytes, file)) {
    const tabs = countTabs(bytes, start, end);
    if (tabs !== 2) {
      throw new DataFormatError(file, line, `expected 3 tab-separated fields (id, features, label), found ${tabs + 1}`);
    }
    const tab1 = bytes.indexOf(TAB, start);
    const tab2 = bytes.indexOf(TAB, tab1 + 1);
    const id = parseInteger(bytes, start, tab1);
    if (!Number.isInteger(id) || id < 0) {
      throw new DataFormatError(file, line, `node id ${quoted(bytes, start, tab1)} is not a non-negative integer`);
    }
    const label = parseInteger(bytes, tab2 + 1, end);
    if (!Number.isInteger(label)) {
      throw new DataFormatError(file, line, `label ${quoted(bytes, tab2 + 1, end)} is not an integer`);
    }
    if (label < -1) throw new DataFormatError(file, line, `label ${label} is below -1 (-1 marks an unlabelled node)`);
    rowStart.push(nnz);
    let column = 0;
    let fieldStart = tab1 + 1;
    let value = 0;
    let plain = true;
    for (let p = tab1 + 1; p <= tab2; p++) {
      const c = bytes[p];
      if (c !== COMMA && c !== TAB) {
        const digit = c - ZERO;
        if (digit >= 0 && digit <= 9) value = value * 10 + digit;
        else plain = false;
        continue;
      }
      if (p === fieldStart) throw new DataFormatError(file, line, `feature ${column + 1} is empty`);
      if (!plain) {
        const t = text(bytes, fieldStart, p);
        value = NUMBER.test(t) ? Number(t) : NaN;
        if (!Number.isFinite(value)) {
          throw new DataFormatError(
            file,
            line,
            `feature ${column + 1} ${quoted(bytes, fieldStart, p)} is not a number`,
          );
        }
      }
      if (value !== 0) {
        if (nnz === capacity) {
          capacity *= 2;
          const grownCols = new Int32Array(capacity);
          grownCols.set(cols);
          cols = grownCols;
          const grownVals = new Float32Array(capacity);
          grownVals.set(vals);
          vals = grownVals;
        }
        cols[nnz] = column;
        vals[nnz++] = value;
      }
      column++;
      fieldStart = p + 1;
      value = 0;
      plain = true;
    }
    if (featureCount < 0) {
      featureCount = column;
      firstLine = line;
    } else if (column !== featureCount) {
      throw new DataFormatError(file, line, `row has ${column} features, expected ${featureCount} as on line ${firstLine}`);
    }
    rowId.push(id);
    rowLabel.push(label);
    rowLine.push(line);
  }
  const nodes = rowId.length;
  if (nodes === 0) throw new DataFormatError(file, 0, 'no node rows after the header');
  rowStart.push(nnz);
  const rowOfNode = new Int32Array(nodes).fill(-1);
  for (let r = 0; r < nodes; r++) {
    const id = rowId[r];
    if (id >= nodes) {
      throw new DataFormatError(
        file,
        rowLine[r],
        `node id ${id} out of range: the file has ${nodes} rows, so ids must be 0..${nodes - 1}`,
      );
    }
    if (rowOfNode[id] >= 0) {
      throw new DataFormatError(file, rowLine[r], `duplicate node id ${id} (first on line ${rowLine[rowOfNode[id]]})`);
    }
    rowOfNode[id] = r;
  }
  const rowPtr = new Int32Array(nodes + 1);
  const colIdx = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  const labels = new Int32Array(nodes);
  const lineOfNode = new Int32Array(nodes);
  for (let i = 0; i < nodes; i++) {
    const r = rowOfNode[i];
    const from = rowStart[r];
    const to = rowStart[r + 1];
    colIdx.set(cols.subarray(from, to), rowPtr[i]);
    values.set(vals.subarray(from, to), rowPtr[i]);
    rowPtr[i + 1] = rowPtr[i] + to - from;
    labels[i] = rowLabel[r];
    lineOfNode[i] = rowLine[r];
  }
  return { nodes, features: { nRows: nodes, nCols: featureCount, rowPtr, colIdx, values }, labels, lineOfNode };
}
