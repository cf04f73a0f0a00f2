import { ShapeError } from '../../errors';
import { createRng } from '../../rng';
import { denseFromCsr, expectClose, randomArray, randomCsr } from '../../testing';
import { sddmmInto, spmmInto, spmmTransposeInto } from './spmm.impl';

/** Dense reference: out (m x f) = M (m x n) · X (n x f), M row-major. */
function denseMatMul(m: Float64Array, rows: number, inner: number, x: Float64Array, f: number): Float64Array {
  const out = new Float64Array(rows * f);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < inner; j++) {
      for (let p = 0; p < f; p++) out[i * f + p] += m[i * inner + j] * x[j * f + p];
    }
  }
  return out;
}

function transpose(m: Float64Array, rows: number, cols: number): Float64Array {
  const t = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = m[i * cols + j];
  return t;
}

describe('typed-array CSR kernels against dense float64 products', () => {
  const rng = createRng(11);
  // Rectangular, with empty rows (30 rows, 40 entries) and F = 1 and F > 1.
  const cases = [
    { nRows: 30, nCols: 17, entries: 40, f: 1 },
    { nRows: 23, nCols: 31, entries: 150, f: 5 },
    { nRows: 8, nCols: 8, entries: 0, f: 3 },
  ];

  it.each(cases)('spmmInto, spmmTransposeInto and sddmmInto match (%o)', ({ nRows, nCols, entries, f }) => {
    const a = randomCsr(rng, nRows, nCols, entries, 'float64');
    const dense = denseFromCsr(a);
    const x = randomArray(rng, nCols * f);
    const y = randomArray(rng, nRows * f);

    const ax = new Float64Array(nRows * f).fill(Number.NaN); // overwritten, not accumulated
    spmmInto(a, x, f, ax);
    expectClose(ax, denseMatMul(dense, nRows, nCols, x, f), 1e-12, 'A X');

    const aty = new Float64Array(nCols * f).fill(Number.NaN);
    spmmTransposeInto(a, y, f, aty);
    expectClose(aty, denseMatMul(transpose(dense, nRows, nCols), nCols, nRows, y, f), 1e-12, 'Aᵀ Y');

    // sddmm is the gradient of sum(Y ∘ A X) in the values: <Y[i], X[j]> per stored (i, j).
    const s = new Float64Array(a.values.length);
    sddmmInto(a, y, x, f, s);
    const yxt = denseMatMul(y, nRows, f, transpose(x, nCols, f), nCols);
    const expected = new Float64Array(a.values.length);
    for (let i = 0; i < nRows; i++) {
      for (let k = a.rowPtr[i]; k < a.rowPtr[i + 1]; k++) expected[k] = yxt[i * nCols + a.colIdx[k]];
    }
    expectClose(s, expected, 1e-12, 'sddmm');
  });

  it('runs in float32 too', () => {
    const a = randomCsr(rng, 12, 9, 40, 'float32');
    const x = Float32Array.from(randomArray(rng, 9 * 4));
    const out = new Float32Array(12 * 4);
    spmmInto(a, x, 4, out);
    expectClose(out, denseMatMul(denseFromCsr(a), 12, 9, Float64Array.from(x), 4), 1e-6, 'float32 A X');
  });

  it('throws ShapeError naming the kernel and the lengths', () => {
    const a = randomCsr(rng, 4, 3, 6, 'float64');
    expect(() => spmmInto(a, new Float64Array(7), 2, new Float64Array(8))).toThrow(ShapeError);
    expect(() => spmmInto(a, new Float64Array(7), 2, new Float64Array(8))).toThrow(/spmmInto: x has length 7, expected 3 x 2/);
    expect(() => spmmTransposeInto(a, new Float64Array(8), 2, new Float64Array(5))).toThrow(ShapeError);
    expect(() => sddmmInto(a, new Float64Array(8), new Float64Array(6), 2, new Float64Array(1))).toThrow(/nnz/);
  });
});
