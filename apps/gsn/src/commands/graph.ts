import { parseArgs } from 'node:util';
import path from 'node:path';
import { toGexf, toGraphml, weightedGraph } from '@gsn/graph';
import { renderSvg, writeFileAtomic } from '@gsn/plot';
import { InvalidArgumentError } from '@gsn/tensor';
import type { Command } from '../command';
import { layerReport, learnedGraphSpec } from '../train/graph-analysis';
import { graphsDir, loadLearnedGraphs, type SavedGraphs } from '../train/saved-graphs';

const FORMATS = ['gexf', 'graphml'] as const;

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: { json: { type: 'boolean', default: false }, format: { type: 'string' }, svg: { type: 'boolean', default: false } },
    });
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
}

/** The candidate edge set with final weights, every candidate kept (zero = absent), node class as attribute. */
function exportGraph(saved: SavedGraphs, layer: SavedGraphs['layers'][number], format: (typeof FORMATS)[number]): string {
  const keep = layer.final.map((w, e) => (w > 0 ? e : -1)).filter((e) => e >= 0);
  const g = weightedGraph({
    nodes: layer.nodes,
    src: keep.map((e) => layer.src[e]),
    dst: keep.map((e) => layer.dst[e]),
    weights: keep.map((e) => layer.final[e]),
    duplicates: 'error',
  });
  const options = { nodeAttributes: (i: number) => ({ label: saved.labels[i] }) };
  return format === 'gexf' ? toGexf(g, options) : toGraphml(g, options);
}

export const graphCommand: Command = {
  name: 'graph',
  summary: 'report the graphs learned by gsn train --save DIR: edges kept/removed/added, weights, homophily; export and draw them',
  usage:
    'gsn graph DIR [--json] [--format gexf|graphml] [--svg]\n' +
    '  DIR: the folder given to gsn train --save; exports go to DIR/graphs/<run>.layer<l>.{gexf,graphml,svg}',
  async run(argv) {
    const { values, positionals } = parse(argv);
    if (positionals.length !== 1) throw new InvalidArgumentError('gsn graph: give exactly one DIR (the folder of gsn train --save)');
    const format = values.format;
    if (format !== undefined && !(FORMATS as readonly string[]).includes(format)) {
      throw new InvalidArgumentError(`--format must be one of ${FORMATS.join(', ')}, got '${format}'`);
    }
    const dir = positionals[0];
    for (const { file, graphs } of loadLearnedGraphs(dir)) {
      const base = path.join(graphsDir(dir), path.basename(file, '.json'));
      const layers = graphs.layers.map((l) => layerReport(l, graphs.labels));
      const written: string[] = [];
      for (const l of graphs.layers) {
        if (format !== undefined) {
          const out = `${base}.layer${l.layer}.${format}`;
          writeFileAtomic(out, exportGraph(graphs, l, format as (typeof FORMATS)[number]));
          written.push(out);
        }
        if (values.svg) {
          const out = `${base}.layer${l.layer}.svg`;
          const title = `${graphs.data} split ${graphs.split}, layer ${l.layer} (${graphs.mode}, epoch ${graphs.keptEpoch})`;
          writeFileAtomic(out, await renderSvg(learnedGraphSpec(l, graphs.labels, title)));
          written.push(out);
        }
      }
      if (values.json) {
        console.log(JSON.stringify({ data: graphs.data, split: graphs.split, seed: graphs.seed, mode: graphs.mode, kept_epoch: graphs.keptEpoch, test_acc: graphs.testAcc, layers, files: written }));
        continue;
      }
      console.log(`${graphs.data} split ${graphs.split} seed ${graphs.seed} (${graphs.mode}, kept epoch ${graphs.keptEpoch}, test ${(100 * graphs.testAcc).toFixed(2)})`);
      for (const r of layers) {
        const q = r.weight_quantiles.map((x) => x.toPrecision(3)).join(' / ');
        console.log(
          `  layer ${r.layer}: ${r.candidates} candidates; kept ${r.kept}, removed ${r.removed}, added ${r.added} ` +
            `(${r.present_before} -> ${r.present_after} edges); crossings ${r.crossings_removed} out / ${r.crossings_entered} in`,
        );
        console.log(`    weights min / 10% / 25% / median / 75% / 90% / max: ${q}`);
        console.log(
          `    edge homophily ${r.homophily_before.toFixed(4)} -> ${r.homophily_after.toFixed(4)} ` +
            `(weighted ${r.weighted_homophily_before.toFixed(4)} -> ${r.weighted_homophily_after.toFixed(4)})`,
        );
      }
      for (const w of written) console.log(`  wrote ${w}`);
    }
    return 0;
  },
};
