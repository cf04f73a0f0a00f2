import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '@gsn/plot';
import { DataFormatError } from '@gsn/tensor';
import type { GraphRunResult, LearnedLayerGraph, RunResult } from '@gsn/train';

/** One run's learned graphs as `gsn train --save DIR` writes them to `DIR/graphs/`. */
export interface SavedGraphs {
  readonly format: 'gsn-learned-graphs';
  readonly version: 1;
  readonly data: string;
  readonly split: string;
  readonly seed: number;
  readonly mode: GraphRunResult['mode'];
  /** The epoch whose weights are saved (best validation). */
  readonly keptEpoch: number;
  readonly testAcc: number;
  /** Node labels (−1 = unlabelled). */
  readonly labels: readonly number[];
  readonly layers: readonly LearnedLayerGraph[];
  /** Face crossings per epoch and layer (epochs without crossings left out). */
  readonly events: GraphRunResult['events'];
}

export const graphsDir = (dir: string) => path.join(dir, 'graphs');
const fileName = (split: string, seed: number) => `split-${split.replace(/[^\w.-]/g, '_')}-seed-${seed}.json`;

/** Writes each run's learned graphs to `DIR/graphs/split-<name>-seed-<seed>.json` (atomic). Returns the paths. */
export function saveLearnedGraphs(dir: string, data: string, labels: Int32Array, runs: readonly RunResult[]): string[] {
  const out: string[] = [];
  for (const r of runs) {
    if (!r.graph) continue;
    const saved: SavedGraphs = {
      format: 'gsn-learned-graphs',
      version: 1,
      data,
      split: r.split,
      seed: r.seed,
      mode: r.graph.mode,
      keptEpoch: r.graph.keptEpoch,
      testAcc: r.testAcc,
      labels: Array.from(labels),
      layers: r.graph.layers,
      events: r.graph.events,
    };
    const file = path.join(graphsDir(dir), fileName(r.split, r.seed));
    writeFileAtomic(file, JSON.stringify(saved) + '\n');
    out.push(file);
  }
  return out;
}

/** Reads every `DIR/graphs/*.json` written by `saveLearnedGraphs`, sorted by file name. */
export function loadLearnedGraphs(dir: string): { file: string; graphs: SavedGraphs }[] {
  const folder = graphsDir(dir);
  let names: string[];
  try {
    names = readdirSync(folder).filter((f) => f.endsWith('.json')).sort();
  } catch {
    throw new DataFormatError(folder, 0, `does not exist (write it with gsn train --save ${dir})`);
  }
  if (!names.length) throw new DataFormatError(folder, 0, 'holds no learned graphs');
  return names.map((f) => {
    const file = path.join(folder, f);
    const graphs = JSON.parse(readFileSync(file, 'utf8')) as SavedGraphs;
    if (graphs.format !== 'gsn-learned-graphs' || !Array.isArray(graphs.layers)) {
      throw new DataFormatError(file, 1, 'is not a learned-graphs file');
    }
    for (const l of graphs.layers) {
      const m = l.src.length;
      if (l.dst.length !== m || l.initial.length !== m || l.final.length !== m || graphs.labels.length !== l.nodes) {
        throw new DataFormatError(file, 1, `layer ${l.layer} has inconsistent lengths`);
      }
    }
    return { file, graphs };
  });
}
