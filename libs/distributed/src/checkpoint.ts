import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataFormatError, InvalidArgumentError } from '@gsn/tensor';

/** Typed arrays a checkpoint stores exactly (bytes, little-endian as in memory). */
export type CheckpointArray = Float32Array | Float64Array | Int32Array;
type ArrayDType = 'float32' | 'float64' | 'int32';

/** JSON-serialisable metadata (hyper-parameters, rng state, epoch counters, ...). */
export type CheckpointMeta = { readonly [key: string]: unknown };

export interface CheckpointPayload {
  /** Model parameters, optimizer moments, learned edge weights, ... by name. */
  readonly tensors: Readonly<Record<string, CheckpointArray>>;
  readonly meta: CheckpointMeta;
}

export interface Checkpoint {
  /** What wrote it ('gsn-train'): a checkpoint of another kind is foreign. */
  readonly kind: string;
  /** Format version of that kind: another version is foreign too. */
  readonly version: number;
  readonly epoch: number;
  readonly payload: CheckpointPayload;
}

export interface SaveCheckpointOptions {
  /** Complete checkpoints kept besides the newest (older ones are deleted after a save). */
  readonly keep: number;
}

export const SAVE_CHECKPOINT_DEFAULTS: Readonly<SaveCheckpointOptions> = Object.freeze({ keep: 1 });

const FORMAT = 'gsn-checkpoint';
const FORMAT_VERSION = 1;
const LATEST = 'latest';
const MANIFEST = 'manifest.json';
const DATA = 'tensors.bin';

interface TensorEntry {
  readonly name: string;
  readonly dtype: ArrayDType;
  readonly length: number;
  readonly offset: number;
}

interface Manifest {
  readonly format: string;
  readonly formatVersion: number;
  readonly kind: string;
  readonly version: number;
  readonly epoch: number;
  readonly meta: CheckpointMeta;
  readonly tensors: readonly TensorEntry[];
  readonly dataBytes: number;
  readonly dataSha256: string;
  /** sha256 of this manifest's JSON without this field. */
  readonly manifestSha256?: string;
}

const BYTES: Record<ArrayDType, number> = { float32: 4, float64: 8, int32: 4 };

/**
 * Writes a checkpoint into `dir` without ever exposing a partial one:
 * 1. tensors.bin and manifest.json go into a fresh hidden directory and are fsynced;
 * 2. the directory is renamed to `epoch-<epoch>-<unique>` (atomic on one file system);
 * 3. the `latest` pointer is rewritten by write-temp + fsync + rename.
 * A save that fails at any step leaves `latest` on the previous complete checkpoint; older
 * checkpoints beyond `keep` are deleted only after the new pointer is in place.
 * Returns the new checkpoint's directory.
 */
export function saveCheckpoint(dir: string, checkpoint: Checkpoint, options: Partial<SaveCheckpointOptions> = {}): string {
  const o = { ...SAVE_CHECKPOINT_DEFAULTS, ...options };
  if (!Number.isInteger(o.keep) || o.keep < 0) throw new InvalidArgumentError(`keep: ${o.keep} is not a non-negative integer`);
  validateHeader(checkpoint);
  fs.mkdirSync(dir, { recursive: true });
  const unique = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const name = `epoch-${String(checkpoint.epoch).padStart(6, '0')}-${unique}`;
  const staging = path.join(dir, `.staging-${name}`);
  fs.mkdirSync(staging);
  try {
    const { entries, dataBytes, dataSha256 } = writeTensors(path.join(staging, DATA), checkpoint.payload.tensors);
    const body: Manifest = {
      format: FORMAT,
      formatVersion: FORMAT_VERSION,
      kind: checkpoint.kind,
      version: checkpoint.version,
      epoch: checkpoint.epoch,
      meta: checkpoint.payload.meta,
      tensors: entries,
      dataBytes,
      dataSha256,
    };
    const manifest = { ...body, manifestSha256: sha256(JSON.stringify(body)) };
    writeFileSynced(path.join(staging, MANIFEST), JSON.stringify(manifest, null, 1));
    fsyncDir(staging);
    fs.renameSync(staging, path.join(dir, name));
  } catch (err) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw err;
  }
  fsyncDir(dir);
  const pointerTemp = path.join(dir, `.${LATEST}-${unique}`);
  writeFileSynced(pointerTemp, `${name}\n`);
  fs.renameSync(pointerTemp, path.join(dir, LATEST));
  fsyncDir(dir);
  pruneCheckpoints(dir, name, o.keep);
  return path.join(dir, name);
}

/**
 * Loads the checkpoint `latest` points to in `dir`. Throws `InvalidArgumentError` when there is
 * none or it is foreign (another format, kind or version), `DataFormatError` (naming the file)
 * when it is corrupt: truncated, a checksum mismatch, or a malformed manifest.
 */
export function loadCheckpoint(dir: string, expected: { readonly kind: string; readonly version: number }): Checkpoint {
  const pointer = path.join(dir, LATEST);
  if (!fs.existsSync(pointer)) throw new InvalidArgumentError(`loadCheckpoint: no checkpoint in ${dir} (no '${LATEST}' file)`);
  const name = fs.readFileSync(pointer, 'utf8').trim();
  if (!/^epoch-\d+-[\w-]+$/.test(name)) throw new DataFormatError(pointer, 1, `'${name}' does not name a checkpoint`);
  const folder = path.join(dir, name);
  const manifestFile = path.join(folder, MANIFEST);
  if (!fs.existsSync(manifestFile)) throw new DataFormatError(manifestFile, 0, 'missing: the checkpoint is incomplete');
  const manifest = readManifest(manifestFile);
  if (manifest.format !== FORMAT || manifest.formatVersion !== FORMAT_VERSION) {
    throw new InvalidArgumentError(
      `loadCheckpoint: ${folder} is not a ${FORMAT} v${FORMAT_VERSION} checkpoint (found ${manifest.format} v${manifest.formatVersion})`,
    );
  }
  if (manifest.kind !== expected.kind || manifest.version !== expected.version) {
    throw new InvalidArgumentError(
      `loadCheckpoint: ${folder} holds a '${manifest.kind}' v${manifest.version} checkpoint, expected '${expected.kind}' v${expected.version}`,
    );
  }
  const dataFile = path.join(folder, DATA);
  const data = fs.existsSync(dataFile) ? fs.readFileSync(dataFile) : Buffer.alloc(0);
  if (data.length !== manifest.dataBytes) {
    throw new DataFormatError(dataFile, 0, `has ${data.length} bytes, the manifest says ${manifest.dataBytes} (truncated?)`);
  }
  if (sha256(data) !== manifest.dataSha256) throw new DataFormatError(dataFile, 0, 'checksum mismatch: the tensor data is corrupt');
  const tensors: Record<string, CheckpointArray> = {};
  for (const t of manifest.tensors) {
    const bytes = data.subarray(t.offset, t.offset + t.length * BYTES[t.dtype]);
    const copy = new Uint8Array(bytes.length);
    copy.set(bytes);
    tensors[t.name] =
      t.dtype === 'float64' ? new Float64Array(copy.buffer) : t.dtype === 'int32' ? new Int32Array(copy.buffer) : new Float32Array(copy.buffer);
  }
  return { kind: manifest.kind, version: manifest.version, epoch: manifest.epoch, payload: { tensors, meta: manifest.meta } };
}

/** Whether `dir` holds a checkpoint pointer (for `--resume` to decide between start and resume). */
export function hasCheckpoint(dir: string): boolean {
  return fs.existsSync(path.join(dir, LATEST));
}

function validateHeader(c: Checkpoint): void {
  if (typeof c.kind !== 'string' || c.kind === '') throw new InvalidArgumentError(`kind: '${String(c.kind)}' is not a name`);
  if (!Number.isInteger(c.version) || c.version < 0) throw new InvalidArgumentError(`version: ${c.version} is not a non-negative integer`);
  if (!Number.isInteger(c.epoch) || c.epoch < 0) throw new InvalidArgumentError(`epoch: ${c.epoch} is not a non-negative integer`);
}

function dtypeOfArray(name: string, a: unknown): ArrayDType {
  if (a instanceof Float32Array) return 'float32';
  if (a instanceof Float64Array) return 'float64';
  if (a instanceof Int32Array) return 'int32';
  throw new InvalidArgumentError(`tensors.${name}: not a Float32Array, Float64Array or Int32Array`);
}

function writeTensors(
  file: string,
  tensors: Readonly<Record<string, CheckpointArray>>,
): { entries: TensorEntry[]; dataBytes: number; dataSha256: string } {
  const fd = fs.openSync(file, 'wx');
  const hash = createHash('sha256');
  const entries: TensorEntry[] = [];
  let offset = 0;
  try {
    for (const name of Object.keys(tensors)) {
      const array = tensors[name];
      const dtype = dtypeOfArray(name, array);
      const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
      // Pad to 8 bytes so every tensor can be viewed in place when loaded.
      const pad = (8 - (offset % 8)) % 8;
      if (pad > 0) {
        const zeros = new Uint8Array(pad);
        fs.writeSync(fd, zeros);
        hash.update(zeros);
        offset += pad;
      }
      fs.writeSync(fd, bytes);
      hash.update(bytes);
      entries.push({ name, dtype, length: array.length, offset });
      offset += bytes.length;
    }
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return { entries, dataBytes: offset, dataSha256: hash.digest('hex') };
}

function readManifest(file: string): Manifest {
  let parsed: Manifest;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
  } catch (err) {
    throw new DataFormatError(file, 0, `not valid JSON (${(err as Error).message})`);
  }
  if (parsed === null || typeof parsed !== 'object') throw new DataFormatError(file, 0, 'not a manifest object');
  const { manifestSha256, ...body } = parsed;
  if (parsed.format === FORMAT && manifestSha256 !== sha256(JSON.stringify(body))) {
    throw new DataFormatError(file, 0, 'checksum mismatch: the manifest is corrupt');
  }
  return parsed;
}

function writeFileSynced(file: string, text: string): void {
  const fd = fs.openSync(file, 'wx');
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Makes a rename durable: fsync the directory holding it (a no-op where unsupported). */
function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Some platforms cannot fsync directories; the rename is still atomic there.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Deletes complete checkpoints older than the newest `keep + 1` (never `current`). */
function pruneCheckpoints(dir: string, current: string, keep: number): void {
  const entries = fs.readdirSync(dir);
  const complete = entries.filter((e) => /^epoch-\d+-/.test(e) && e !== current);
  complete.sort((a, b) => fs.statSync(path.join(dir, b)).mtimeMs - fs.statSync(path.join(dir, a)).mtimeMs || b.localeCompare(a));
  for (const old of complete.slice(keep)) fs.rmSync(path.join(dir, old), { recursive: true, force: true });
}

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
