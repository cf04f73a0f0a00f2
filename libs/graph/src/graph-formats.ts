import { write as writeGexfString } from 'graphology-gexf';
import type { AbstractGraph, Attributes } from 'graphology-types';
import { toGraphology } from './graphology';
import type { ToGraphologyOptions } from './graphology';
import type { WeightedGraph } from './weighted-graph';

/** The graph as a GEXF 1.2 document (graphology-gexf's writer); weights become GEXF edge weights. */
export function toGexf(g: WeightedGraph, options: ToGraphologyOptions = {}): string {
  return writeGexfString(toGraphology(g, options));
}

/** The graph as a GraphML document; edge weights and node attributes become `<data>` keys. */
export function toGraphml(g: WeightedGraph, options: ToGraphologyOptions = {}): string {
  return graphmlFromGraphology(toGraphology(g, options));
}

/**
 * A GraphML document for any graphology graph. graphology-graphml 0.5 only parses, so this
 * small writer emits what its parser reads back: one `<key>` per attribute name with a type
 * inferred from the values (boolean, double, else string).
 */
export function graphmlFromGraphology(g: AbstractGraph): string {
  const nodeKeys = attributeKeys((each) => g.forEachNode((_key, attrs) => each(attrs)));
  const edgeKeys = attributeKeys((each) => g.forEachEdge((_key, attrs) => each(attrs)));
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
  ];
  for (const [name, type] of nodeKeys) {
    lines.push(`  <key id="n_${escapeXml(name)}" for="node" attr.name="${escapeXml(name)}" attr.type="${type}"/>`);
  }
  for (const [name, type] of edgeKeys) {
    lines.push(`  <key id="e_${escapeXml(name)}" for="edge" attr.name="${escapeXml(name)}" attr.type="${type}"/>`);
  }
  lines.push(`  <graph edgedefault="${g.type === 'directed' ? 'directed' : 'undirected'}">`);
  g.forEachNode((key, attrs) => {
    lines.push(`    <node id="${escapeXml(key)}">${dataElements('n_', attrs)}</node>`);
  });
  g.forEachEdge((key, attrs, source, target) => {
    lines.push(
      `    <edge id="${escapeXml(key)}" source="${escapeXml(source)}" target="${escapeXml(target)}">${dataElements('e_', attrs)}</edge>`,
    );
  });
  lines.push('  </graph>', '</graphml>', '');
  return lines.join('\n');
}

type GraphmlType = 'boolean' | 'double' | 'string';

function attributeKeys(visit: (each: (attrs: Attributes) => void) => void): Map<string, GraphmlType> {
  const keys = new Map<string, GraphmlType>();
  visit((attrs) => {
    for (const [name, value] of Object.entries(attrs)) {
      if (value === undefined || value === null) continue;
      const type: GraphmlType = typeof value === 'boolean' ? 'boolean' : typeof value === 'number' ? 'double' : 'string';
      const seen = keys.get(name);
      keys.set(name, seen === undefined || seen === type ? type : 'string');
    }
  });
  return keys;
}

function dataElements(prefix: string, attrs: Attributes): string {
  return Object.entries(attrs)
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([name, value]) => `<data key="${prefix}${escapeXml(name)}">${escapeXml(String(value))}</data>`)
    .join('');
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}
