import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataFormatError } from '@gsn/tensor';
import { main } from '../main';
import { dataCommand } from './data';

function capture(): { out: () => string; err: () => string; restore: () => void } {
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  return {
    out: () => log.mock.calls.map((c) => c.join(' ')).join('\n'),
    err: () => error.mock.calls.map((c) => c.join(' ')).join('\n'),
    restore: () => {
      log.mockRestore();
      error.mockRestore();
    },
  };
}

describe('gsn data', () => {
  it('prints the facts of cora', async () => {
    const io = capture();
    try {
      expect(await dataCommand.run(['cora'])).toBe(0);
      const out = io.out();
      expect(out).toMatch(/^nodes\s+2708$/m);
      expect(out).toMatch(/^edges\s+5278 undirected/m);
      expect(out).toMatch(/^features\s+1433 \(density 1\.27%\)$/m);
      expect(out).toMatch(/^classes\s+7$/m);
      expect(out).toMatch(/^homophily\s+0\.8100 \(edge\)$/m);
      expect(out).toMatch(/^components\s+78 \(largest 2485 nodes\)$/m);
      expect(out).toMatch(/^ {2}planetoid\s+train 140, val 500, test 1000$/m);
    } finally {
      io.restore();
    }
  });

  it('ends with one JSON object under --json', async () => {
    const io = capture();
    try {
      expect(await dataCommand.run(['texas', '--json', '--keep-self-loops'])).toBe(0);
      const facts = JSON.parse(io.out().trim().split('\n').pop()!);
      expect(facts).toMatchObject({ nodes: 183, edges: 279, selfLoops: 16, features: 1703, classes: 5 });
      expect(facts.source).toEqual({ lines: 325, selfLoops: 16, duplicates: 30 });
      expect(facts.labelCounts).toEqual([33, 1, 18, 101, 30]);
      expect(facts.splits).toHaveLength(10);
      expect(facts.splits[0]).toEqual({ name: 'geom-gcn-0', train: 87, val: 59, test: 37 });
    } finally {
      io.restore();
    }
  });

  it('throws a DataFormatError for a bad folder, which the CLI turns into one line and exit code 2', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'gsn-data-'));
    const io = capture();
    try {
      await expect(dataCommand.run([folder])).rejects.toThrow(DataFormatError);
      expect(await main(['data', folder])).toBe(2);
      expect(io.err()).toMatch(/^gsn data: .*out1_node_feature_label\.txt: missing file/);
      expect(await main(['data', 'no-such-dataset'])).toBe(2);
      expect(io.err()).toMatch(/unknown dataset 'no-such-dataset'/);
      expect(await dataCommand.run([])).toBe(2);
    } finally {
      io.restore();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
