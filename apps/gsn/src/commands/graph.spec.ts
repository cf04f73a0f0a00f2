import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { weightedGraph } from '@gsn/graph';
import { DataFormatError, InvalidArgumentError, useBackend } from '@gsn/tensor';
import { graphLearning, stationaryNetwork, trainSplit } from '@gsn/train';
import { ringTask } from '@gsn/train/testing';
import { loadLearnedGraphs, saveLearnedGraphs } from '../train/saved-graphs';
import { graphCommand } from './graph';

beforeAll(() => useBackend('cpu'));

const n = 40;
const ring = weightedGraph({ nodes: n, src: Array.from({ length: n }, (_, i) => i), dst: Array.from({ length: n }, (_, i) => (i + 1) % n) });

describe('gsn graph', () => {
  let dir: string;
  beforeAll(() => {
    // A small saved run: the ring task, graph learning with 2-hop candidates, a few epochs.
    dir = mkdtempSync(join(tmpdir(), 'gsn-graph-'));
    const { task, split } = ringTask();
    const learning = graphLearning(ring, { mode: 'natural', lr: 200, twoHopPerNode: 2 });
    const r = trainSplit(learning.model((g) => stationaryNetwork(g, { channels: 3 })), task, split, 1, { epochs: 8 }, { graph: learning.hooks() });
    saveLearnedGraphs(dir, 'ring', task.labels, [r]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('saves one file per run under DIR/graphs/ with the candidate edges, initial and final weights, labels, split, crossings per epoch', () => {
    const [{ graphs }] = loadLearnedGraphs(dir);
    expect(graphs.split).toBe('0');
    expect(graphs.labels).toHaveLength(n);
    expect(graphs.layers[0].src).toHaveLength(2 * n);
    expect(graphs.layers[0].kind.filter((k) => k === 'two-hop')).toHaveLength(n);
    // The per-epoch crossings live here, not in `gsn train --json`; they add up to the totals.
    const crossings = graphs.events.reduce((s, e) => s + e.removed + e.entered, 0);
    expect(crossings).toBe(graphs.layers[0].removed + graphs.layers[0].entered);
  });

  it('reports kept/removed/added, weight quantiles and homophily, and writes GraphML and SVG', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      expect(await graphCommand.run([dir, '--json', '--format', 'graphml', '--svg'])).toBe(0);
      const report = JSON.parse(log.mock.calls[0][0] as string);
      const [layer] = report.layers;
      const [{ graphs }] = loadLearnedGraphs(dir);
      const present = graphs.layers[0].final.filter((w) => w > 0).length;
      expect(layer.kept + layer.removed).toBe(n);
      expect(layer.kept + layer.added).toBe(present);
      expect(layer.weight_quantiles).toHaveLength(7);
      expect(layer.homophily_before).toBeGreaterThanOrEqual(0);
      expect(layer.homophily_after).toBeLessThanOrEqual(1);
      expect(report.files).toHaveLength(2);
      const graphml = readFileSync(report.files[0], 'utf8');
      expect(graphml).toContain('<graphml');
      expect((graphml.match(/<edge /g) ?? []).length).toBe(present);
      expect(readFileSync(report.files[1], 'utf8')).toMatch(/^<svg/);
    } finally {
      log.mockRestore();
    }
  });

  it('exports GEXF and prints a text report', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      expect(await graphCommand.run([dir, '--format', 'gexf'])).toBe(0);
      const out = log.mock.calls.map((c) => c.join(' ')).join('\n');
      expect(out).toMatch(/layer 0: 80 candidates; kept \d+, removed \d+, added \d+/);
      expect(out).toMatch(/edge homophily/);
      expect(existsSync(join(dir, 'graphs', 'split-0-seed-1.layer0.gexf'))).toBe(true);
    } finally {
      log.mockRestore();
    }
  });

  it('rejects a missing folder and bad flags', async () => {
    await expect(graphCommand.run([join(dir, 'nothing')])).rejects.toThrow(DataFormatError);
    await expect(graphCommand.run([dir, '--format', 'dot'])).rejects.toThrow(InvalidArgumentError);
    await expect(graphCommand.run([])).rejects.toThrow(InvalidArgumentError);
  });
});
