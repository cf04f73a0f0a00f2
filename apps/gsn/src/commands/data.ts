import { parseArgs } from 'node:util';
import { connectedComponents, countSelfLoops, edgeHomophily, loadDataset } from '@gsn/graph';
import { nnz } from '@gsn/tensor';
import type { Command } from '../command';

export const dataCommand: Command = {
  name: 'data',
  summary: 'load a node-classification dataset (shipped name or Geom-GCN folder) and print its facts',
  usage: 'gsn data <name|folder> [--keep-self-loops] [--json]',
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, 'keep-self-loops': { type: 'boolean' } },
    });
    if (positionals.length !== 1) {
      console.error(`usage: ${dataCommand.usage}`);
      return 2;
    }
    const dataset = loadDataset(positionals[0], { selfLoops: values['keep-self-loops'] ? 'keep' : 'drop' });
    const { graph, features, labels, classes, splits, source } = dataset;
    const labelCounts = new Array<number>(classes).fill(0);
    let unlabelled = 0;
    for (const y of labels) {
      if (y < 0) unlabelled++;
      else labelCounts[y]++;
    }
    const components = connectedComponents(graph);
    const homophily = edgeHomophily(graph, labels);
    const selfLoops = countSelfLoops(graph);
    const facts = {
      name: dataset.name,
      folder: dataset.folder,
      nodes: graph.nodes,
      edges: graph.src.length - selfLoops,
      selfLoops,
      source,
      features: features.nCols,
      featureDensity: nnz(features) / (features.nRows * features.nCols),
      classes,
      labelCounts,
      unlabelled,
      edgeHomophily: Number.isNaN(homophily) ? null : homophily,
      components: components.count,
      largestComponent: components.sizes.reduce((max, size) => Math.max(max, size), 0),
      splits: splits.map((s) => ({ name: s.name, train: s.train.length, val: s.val.length, test: s.test.length })),
    };
    const rows: [string, string][] = [
      ['dataset', `${facts.name} (${facts.folder})`],
      ['nodes', `${facts.nodes}`],
      ['edges', `${facts.edges} undirected, without self-loops`],
      [
        'self-loops',
        `${source.selfLoops} in the edge file, ${values['keep-self-loops'] ? 'kept' : 'dropped'}` +
          ` (file: ${source.lines} lines, ${source.duplicates} repeated pairs merged)`,
      ],
      ['features', `${facts.features} (density ${(100 * facts.featureDensity).toFixed(2)}%)`],
      ['classes', `${classes}`],
      ['labels', `${labelCounts.map((c, k) => `${k}:${c}`).join(' ')}${unlabelled ? ` unlabelled:${unlabelled}` : ''}`],
      ['homophily', facts.edgeHomophily === null ? 'n/a (no labelled edge)' : `${facts.edgeHomophily.toFixed(4)} (edge)`],
      ['components', `${facts.components} (largest ${facts.largestComponent} nodes)`],
      ['splits', splits.length ? `${splits.length}` : 'none'],
      ...facts.splits.map((s): [string, string] => [`  ${s.name}`, `train ${s.train}, val ${s.val}, test ${s.test}`]),
    ];
    if (values.json) {
      console.log(JSON.stringify(facts));
      return 0;
    }
    const width = Math.max(...rows.map(([k]) => k.length));
    for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
    return 0;
  },
};
