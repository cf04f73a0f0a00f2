import { DataFormatError } from '@gsn/tensor';

/** One train/validation/test split of the nodes. Shapes: train, val, test (their sizes). */
export interface DatasetSplit {
  readonly name: string;
  readonly train: Int32Array;
  readonly val: Int32Array;
  readonly test: Int32Array;
}

type Part = 'train' | 'val' | 'test';
const PARTS: readonly Part[] = ['train', 'val', 'test'];
/** Accepted key spellings: Geom-GCN JSON index lists, and PyG-style boolean masks. */
const KEYS: Record<Part, readonly string[]> = {
  train: ['train', 'train_idx', 'train_mask'],
  val: ['val', 'valid', 'val_idx', 'val_mask'],
  test: ['test', 'test_idx', 'test_mask'],
};

/**
 * A split file: a JSON object with `train`, `val`, `test`, each a list of node ids or a
 * boolean mask of length `labels.length`. Every part must be non-empty, name only labelled
 * nodes, and share no node with another part.
 */
export function parseSplit(text: string, file: string, name: string, labels: Int32Array): DatasetSplit {
  const nodes = labels.length;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const position = /position (\d+)/.exec(message);
    const at = position ? Number(position[1]) : /end of JSON/.test(message) ? text.trimEnd().length : -1;
    throw new DataFormatError(file, at >= 0 ? lineAt(text, at) : 0, `invalid JSON: ${message}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new DataFormatError(file, 1, 'expected a JSON object with train, val and test');
  }
  const record = json as Record<string, unknown>;
  const partOf = new Int8Array(nodes).fill(-1);
  const result = {} as Record<Part, Int32Array>;
  PARTS.forEach((part, partIndex) => {
    const key = KEYS[part].find((k) => k in record);
    if (key === undefined) throw new DataFormatError(file, 1, `missing '${part}' (one of ${KEYS[part].join(', ')})`);
    const entries = record[key];
    if (!Array.isArray(entries)) throw new DataFormatError(file, keyLine(text, key), `'${key}' is not an array`);
    const ids = isMask(entries, nodes) ? maskToIds(entries as boolean[]) : entries;
    if (ids.length === 0) throw new DataFormatError(file, keyLine(text, key), `'${key}' is empty`);
    const out = new Int32Array(ids.length);
    ids.forEach((id: unknown, index: number) => {
      const where = () => (ids === entries ? entryLine(text, key, index) : keyLine(text, key));
      if (typeof id !== 'number' || !Number.isInteger(id)) {
        throw new DataFormatError(file, where(), `${key}[${index}] = ${JSON.stringify(id)} is not an integer node id`);
      }
      if (id < 0 || id >= nodes) {
        throw new DataFormatError(
          file,
          where(),
          `${key}[${index}] names node ${id}, which does not exist (nodes 0..${nodes - 1})`,
        );
      }
      if (partOf[id] >= 0) {
        const other = PARTS[partOf[id]];
        throw new DataFormatError(
          file,
          where(),
          other === part ? `${key} lists node ${id} twice` : `node ${id} is in both ${other} and ${part}`,
        );
      }
      if (labels[id] < 0) throw new DataFormatError(file, where(), `${key}[${index}] names node ${id}, which has no label`);
      partOf[id] = partIndex;
      out[index] = id;
    });
    result[part] = out;
  });
  return { name, ...result };
}

function isMask(entries: unknown[], nodes: number): boolean {
  return entries.length === nodes && entries.length > 0 && entries.every((x) => typeof x === 'boolean');
}

function maskToIds(mask: boolean[]): number[] {
  const ids: number[] = [];
  mask.forEach((on, i) => on && ids.push(i));
  return ids;
}

function lineAt(text: string, position: number): number {
  let line = 1;
  for (let p = 0; p < position && p < text.length; p++) if (text.charCodeAt(p) === 10) line++;
  return line;
}

function keyLine(text: string, key: string): number {
  const at = text.indexOf(`"${key}"`);
  return at < 0 ? 1 : lineAt(text, at);
}

/** The line of entry `index` of the array under `key` (arrays of scalars, as split files hold). */
function entryLine(text: string, key: string, index: number): number {
  let p = text.indexOf('[', text.indexOf(`"${key}"`));
  if (p < 0) return keyLine(text, key);
  let commas = 0;
  for (p++; p < text.length && commas < index; p++) if (text.charCodeAt(p) === 44) commas++;
  while (p < text.length && /\s/.test(text[p])) p++;
  return lineAt(text, p);
}
