import type { Run, Split } from '@gsn/train';
import { runsWithSeeds } from '@gsn/train';
import { InvalidArgumentError } from '@gsn/tensor';
import type { SplitSelection } from './train-args';

const GEOM_GCN = /^geom-gcn-(\d+)$/;

/**
 * The runs a split selection names, with peer.py's seeds: Geom-GCN split K gets `seed + K`
 * whatever else is selected (so split 3 alone repeats split 3 of a full run); the planetoid
 * split is trained `seeds` times with `seed, seed + 1, …`.
 */
export function selectRuns(splits: readonly Split[], selection: SplitSelection, seed: number): Run[] {
  if (selection.kind === 'planetoid') {
    const planetoid = splits.find((s) => s.name === 'planetoid');
    if (!planetoid) throw new InvalidArgumentError('--splits planetoid: this dataset has no planetoid_split.json');
    return runsWithSeeds(planetoid, selection.seeds, seed);
  }
  const byIndex = new Map<number, Split>();
  for (const s of splits) {
    const m = GEOM_GCN.exec(s.name);
    if (m) byIndex.set(Number(m[1]), s);
  }
  if (byIndex.size === 0) throw new InvalidArgumentError(`this dataset has no Geom-GCN 0.6/0.2 splits (it has: ${splits.map((s) => s.name).join(', ') || 'none'})`);
  const available = [...byIndex.keys()].sort((a, b) => a - b);
  if (selection.kind === 'all') return available.map((k) => ({ split: byIndex.get(k)!, seed: seed + k }));
  const chosen: Run[] = [];
  for (let k = selection.from; k <= selection.to; k++) {
    const split = byIndex.get(k);
    if (!split) throw new InvalidArgumentError(`--splits: split ${k} does not exist; available: ${available[0]}-${available[available.length - 1]}`);
    chosen.push({ split, seed: seed + k });
  }
  return chosen;
}
