import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ringLayer, trainOnTexas } from './main';

describe('the example app', () => {
  it('ringLayer: the adjoint gradient in the edge weights matches central differences of the loss (float64)', () => {
    const w = [1, 1.2, 0.8, 1, 0.9, 1.1];
    const { weightGradient, iterations } = ringLayer(w);
    expect(iterations).toBeGreaterThan(0);
    const h = 1e-5;
    w.forEach((_, e) => {
      const at = (d: number) => ringLayer(w.map((x, k) => (k === e ? x + d : x))).loss;
      expect(weightGradient[e]).toBeCloseTo((at(h) - at(-h)) / (2 * h), 7);
    });
  });

  it('trainOnTexas: trains the network and its graph (edges leave and enter)', async () => {
    const r = await trainOnTexas(20);
    expect(r.epochs).toBe(20);
    expect(r.testAcc).toBeGreaterThan(0.5);
    expect(r.edgesRemoved).toBeGreaterThan(0);
    expect(r.edgesEntered).toBeGreaterThan(0);
  }, 30_000);

  it('is the code the root README shows', () => {
    const root = join(__dirname, '..', '..', '..');
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Use the libraries in your own app'));
    const snippet = /```ts\n([\s\S]*?)```/.exec(section)![1];
    expect(readFileSync(join(__dirname, 'main.ts'), 'utf8')).toContain(snippet);
  });
});
