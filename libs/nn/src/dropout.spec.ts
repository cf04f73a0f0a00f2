import * as tf from '@tensorflow/tfjs';
import { createRng, csrTensorFromCsr, InvalidArgumentError, useBackend } from '@gsn/tensor';
import { dropout, dropoutCsr } from './dropout';
import { randomSparseFeatures } from './testing';

beforeAll(() => useBackend('cpu'));

describe('dropout', () => {
  it('is the identity when not training', () => {
    const x = tf.ones([4, 5]);
    expect(dropout(x, 0.5, { training: false, rng: createRng(1) })).toBe(x);
  });

  it('zeroes about rate of the entries, scales the rest by 1/(1-rate), repeatably from a seed', () => {
    const x = tf.ones([100, 50]);
    const y = Array.from(dropout(x, 0.3, { training: true, rng: createRng(5) }).dataSync());
    const zeros = y.filter((v) => v === 0).length / y.length;
    expect(Math.abs(zeros - 0.3)).toBeLessThan(0.03);
    for (const v of y) if (v !== 0) expect(v).toBeCloseTo(1 / 0.7, 6);
    expect(Array.from(dropout(x, 0.3, { training: true, rng: createRng(5) }).dataSync())).toEqual(y);
  });

  it('drops entry i exactly when its 16-bit draw (two per 32-bit draw) is below ⌈rate·2¹⁶⌉', () => {
    for (const rate of [0, 0.3, 0.5, 0.99999]) {
      const y = dropout(tf.ones([7, 3]), rate, { training: true, rng: createRng(9) }).dataSync();
      const rng = createRng(9);
      const halves: number[] = [];
      while (halves.length < 21) {
        const bits = (rng.next() * 4294967296) >>> 0;
        halves.push(bits >>> 16, bits & 0xffff);
      }
      const expected = halves.slice(0, 21).map((h) => (h < Math.ceil(rate * 65536) ? 0 : Math.fround(1 / (1 - rate))));
      expect(Array.from(y)).toEqual(expected);
    }
  });

  it('rejects a rate outside [0, 1)', () => {
    expect(() => dropout(tf.ones([1]), 1, { training: true, rng: createRng(1) })).toThrow(InvalidArgumentError);
  });
});

describe('dropoutCsr', () => {
  it('draws only for the stored entries and keeps the sparsity pattern', () => {
    const csr = randomSparseFeatures(createRng(2), 30, 40, 0.05);
    const x = csrTensorFromCsr(csr);
    const y = dropoutCsr(x, 0.5, { training: true, rng: createRng(9) });
    expect(y.rowPtr).toBe(x.rowPtr);
    expect(y.colIdx).toBe(x.colIdx);
    const v = y.values.dataSync();
    let kept = 0;
    csr.values.forEach((orig, k) => {
      if (v[k] !== 0) {
        kept++;
        expect(v[k]).toBeCloseTo(2 * orig, 6);
      }
    });
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(csr.values.length);
    // draws only for the stored entries (one draw per two entries): the generator advanced
    // exactly ceil(nnz / 2) times
    const r = createRng(9);
    for (let k = 0; k < Math.ceil(csr.values.length / 2); k++) r.next();
    const probe = createRng(9);
    dropoutCsr(x, 0.5, { training: true, rng: probe });
    expect(probe.next()).toBe(r.next());
  });
});
