import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gsnModelToJson, randomGsnModel } from '@gsn/equivalence';
import { createRng, DataFormatError, InvalidArgumentError } from '@gsn/tensor';
import { compareCommand } from './compare';

/** Runs `gsn compare ARGS --json`; returns the exit code and the parsed last line. */
async function compareJson(args: string[]): Promise<{ code: number; summary: Record<string, unknown> }> {
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    const code = await compareCommand.run([...args, '--json']);
    const lines = log.mock.calls.map((c) => c[0] as string);
    return { code, summary: JSON.parse(lines[lines.length - 1]) };
  } finally {
    log.mockRestore();
  }
}

describe('gsn compare', () => {
  it('--random --json: the exact conversions agree to 1e-10 and the unrolled lift contracts at a rate below its bound', async () => {
    const { code, summary } = await compareJson(['--random', '--seed', '2']);
    expect(code).toBe(0);
    expect(summary['max_abs_diff']).toBeLessThanOrEqual(1e-10);
    const rate = summary['unrolled_rate'] as number;
    expect(rate).toBeGreaterThan(0);
    expect(rate).toBeLessThanOrEqual(summary['unrolled_q_bound'] as number);
    expect(summary['non_flat_error']).toMatch(/holonomy/);
  });

  it('--model FILE compares the network the file holds: the same report as --random on the same network (4 nodes: 2 chords fit)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gsn-compare-'));
    try {
      const file = join(dir, 'model.json');
      writeFileSync(file, JSON.stringify(gsnModelToJson(randomGsnModel(createRng(5), { layers: 2, nodes: 4, channels: 2, chords: 2 }))));
      const fromFile = await compareJson(['--model', file, '--seed', '5']);
      const random = await compareJson(['--random', '--seed', '5', '--layers', '2', '--nodes', '4', '--channels', '2']);
      expect(fromFile.code).toBe(0);
      expect(fromFile.summary['pairs']).toEqual(random.summary['pairs']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a bad count naming the flag, and an unreadable model file naming the file', async () => {
    await expect(compareCommand.run(['--random', '--layers', '0'])).rejects.toThrow(new InvalidArgumentError("--layers must be positive, got '0'"));
    await expect(compareCommand.run(['--random', '--inputs', 'two'])).rejects.toThrow(/--inputs must be a non-negative integer, got 'two'/);
    await expect(compareCommand.run(['--random', '--nodes', '2'])).rejects.toThrow(/--nodes must be at least 3/);
    await expect(compareCommand.run(['--model', '/nonexistent/model.json'])).rejects.toThrow(DataFormatError);
    await expect(compareCommand.run(['--model', '/nonexistent/model.json'])).rejects.toThrow(/\/nonexistent\/model\.json/);
  });
});
