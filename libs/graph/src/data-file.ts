import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { DataFormatError } from '@gsn/tensor';

/**
 * Reads `file`, or `file.gz` (gunzipped) when only that exists, or `file` itself when it
 * already ends in `.gz`. Returns the path actually read and its bytes.
 */
export function readDataFile(file: string): { path: string; bytes: Buffer } {
  const candidates = file.endsWith('.gz') ? [file] : [file, `${file}.gz`];
  const path = candidates.find((candidate) => existsSync(candidate));
  if (path === undefined) {
    throw new DataFormatError(file, 0, `missing file (looked for ${candidates.join(' and ')})`);
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new DataFormatError(path, 0, `cannot read: ${(err as Error).message}`);
  }
  if (!path.endsWith('.gz')) return { path, bytes };
  try {
    return { path, bytes: gunzipSync(bytes) };
  } catch (err) {
    throw new DataFormatError(path, 0, `not a valid gzip file: ${(err as Error).message}`);
  }
}
