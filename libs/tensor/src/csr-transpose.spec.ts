import { validateCsr } from './csr';
import { csrTranspose } from './csr-transpose';
import { createRng } from './rng';
import { denseFromCsr, randomCsr } from './testing';

describe('csrTranspose', () => {
  it('gives a valid CSR of the transpose and the permutation back to the entries of A', () => {
    const a = randomCsr(createRng(3), 13, 7, 50, 'float64');
    const { matrix: t, permutation } = csrTranspose(a);
    validateCsr(t, 'transpose');
    expect([t.nRows, t.nCols]).toEqual([7, 13]);
    const d = denseFromCsr(a);
    const dt = denseFromCsr(t);
    for (let i = 0; i < 13; i++) for (let j = 0; j < 7; j++) expect(dt[j * 13 + i]).toBe(d[i * 7 + j]);
    expect(t.values).toBeInstanceOf(Float64Array);
    for (let k = 0; k < permutation.length; k++) expect(t.values[k]).toBe(a.values[permutation[k]]);
    expect(Array.from(permutation).sort((p, q) => p - q)).toEqual(Array.from({ length: a.values.length }, (_, k) => k));
  });

  it('is an involution', () => {
    const a = randomCsr(createRng(4), 9, 11, 30, 'float32');
    const tt = csrTranspose(csrTranspose(a).matrix).matrix;
    expect(tt.rowPtr).toEqual(a.rowPtr);
    expect(tt.colIdx).toEqual(a.colIdx);
    expect(tt.values).toEqual(a.values);
  });
});
