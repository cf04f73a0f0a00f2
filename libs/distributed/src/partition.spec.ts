import { createRng, csrFromCoo, InvalidArgumentError, type Csr } from '@gsn/tensor';
import { partitionCsr } from './partition';
import { edgeCut, partitionGraphOfCsr } from './partition-graph';

function grid(width: number, height: number): Csr {
  const rows: number[] = [];
  const cols: number[] = [];
  const id = (x: number, y: number) => y * width + x;
  const edge = (u: number, v: number) => {
    rows.push(u, v);
    cols.push(v, u);
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (x + 1 < width) edge(id(x, y), id(x + 1, y));
      if (y + 1 < height) edge(id(x, y), id(x, y + 1));
    }
  }
  const n = width * height;
  return csrFromCoo(n, n, rows, cols, rows.map(() => 1), 'float64');
}

/** Planted partition: `blocks` groups of `size`, p_in inside, p_out across, shuffled labels. */
function planted(blocks: number, size: number, pIn: number, pOut: number, seed: number): { a: Csr; truth: Int32Array } {
  const rng = createRng(seed);
  const n = blocks * size;
  const label = new Int32Array(n);
  const perm = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [perm[i], perm[j]] = [perm[j], perm[i]];
  }
  for (let i = 0; i < n; i++) label[perm[i]] = Math.floor(i / size);
  const rows: number[] = [];
  const cols: number[] = [];
  for (let u = 0; u < n; u++) {
    for (let v = u + 1; v < n; v++) {
      if (rng.next() < (label[u] === label[v] ? pIn : pOut)) {
        rows.push(u, v);
        cols.push(v, u);
      }
    }
  }
  return { a: csrFromCoo(n, n, rows, cols, rows.map(() => 1), 'float64'), truth: label };
}

function randomPartitionCut(a: Csr, parts: number, seed: number): number {
  const rng = createRng(seed);
  const part = Int32Array.from({ length: a.nRows }, () => rng.int(parts));
  return edgeCut(partitionGraphOfCsr(a), part);
}

describe('partitionCsr (multilevel k-way)', () => {
  it('splits a 60 x 60 grid into 4 balanced parts with a cut near the optimum 120', () => {
    const a = grid(60, 60);
    const p = partitionCsr(a, { parts: 4, seed: 1 });
    expect(p.imbalance).toBeLessThanOrEqual(0.03 + 1e-12);
    expect(Math.min(...p.partWeights)).toBeGreaterThan(0);
    expect(p.levels.length).toBeGreaterThan(2);
    expect(p.edgeCut).toBe(edgeCut(partitionGraphOfCsr(a), p.part));
    expect(p.edgeCut).toBeLessThan(200);
    expect(p.edgeCut).toBeLessThan(0.05 * randomPartitionCut(a, 4, 2));
  });

  it.each([2, 3, 5])('keeps %i parts within 3%% imbalance on a grid', (k) => {
    const p = partitionCsr(grid(45, 40), { parts: k, seed: 3 });
    expect(p.imbalance).toBeLessThanOrEqual(0.03 + 1e-12);
    expect(p.edgeCut).toBeLessThan(0.1 * randomPartitionCut(grid(45, 40), k, 4));
  });

  it('recovers a planted partition: cut far below random, close to the planted cut', () => {
    const { a, truth } = planted(4, 150, 0.08, 0.002, 7);
    const p = partitionCsr(a, { parts: 4, seed: 5 });
    const g = partitionGraphOfCsr(a);
    expect(p.imbalance).toBeLessThanOrEqual(0.03 + 1e-12);
    expect(p.edgeCut).toBeLessThanOrEqual(1.1 * edgeCut(g, truth));
    expect(p.edgeCut).toBeLessThan(0.2 * randomPartitionCut(a, 4, 8));
  });

  it('is deterministic for a seed', () => {
    const a = grid(30, 30);
    const p1 = partitionCsr(a, { parts: 3, seed: 11 });
    const p2 = partitionCsr(a, { parts: 3, seed: 11 });
    expect(Array.from(p1.part)).toEqual(Array.from(p2.part));
  });

  it('names the bad field', () => {
    expect(() => partitionCsr(grid(3, 3), { parts: 0 })).toThrow(InvalidArgumentError);
    expect(() => partitionCsr(grid(3, 3), { parts: 2, imbalance: -1 })).toThrow(/imbalance/);
  });
});
