import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const GSN = path.join(__dirname, '..', '..', 'gsn', 'bin', 'gsn.js');

/**
 * Runs the `gsn` CLI as a child process (an app may not import another app), returning its
 * exit code, stdout's last line parsed as JSON when it is JSON, and stderr.
 */
export function gsn(argv: readonly string[], env: Readonly<Record<string, string>> = {}): { code: number; json: Record<string, unknown> | null; stderr: string } {
  const r = spawnSync(process.execPath, [GSN, ...argv], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  const last = r.stdout.trim().split('\n').pop() ?? '';
  let json: Record<string, unknown> | null = null;
  try {
    json = JSON.parse(last);
  } catch {
    json = null;
  }
  return { code: r.status ?? -1, json, stderr: r.stderr };
}

/** The summary without wall times (which differ between any two runs). */
export function comparable(json: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!json) return null;
  const { epoch_ms_median: _ms, ...rest } = json;
  return rest;
}
