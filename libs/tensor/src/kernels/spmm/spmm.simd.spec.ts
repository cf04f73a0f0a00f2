import { createRng } from '../../rng';
import { expectClose, randomArray, randomCsr } from '../../testing';
import { newWasmMemory, simdKernelsFor } from './spmm.simd';
import { sddmmLoop, spmmLoop, spmmTransposeLoop } from './spmm.impl';

describe('wasm SIMD CSR kernels', () => {
  it('match the typed-array loops on a memory of their own', () => {
    const memory = newWasmMemory(2);
    const simd = simdKernelsFor(memory);
    expect(simd).not.toBeNull();
    const rng = createRng(21);
    const [nRows, nCols, f] = [37, 23, 8];
    const a = randomCsr(rng, nRows, nCols, 120, 'float32');
    const nnz = a.values.length;
    // Lay out rowPtr, colIdx, values, x, y, outA, outT, outS one after another (16-byte aligned).
    let top = 16;
    const alloc = (bytes: number) => {
      const at = top;
      top += Math.ceil(bytes / 16) * 16;
      return at;
    };
    const p = {
      rowPtr: alloc(4 * (nRows + 1)), colIdx: alloc(4 * nnz), values: alloc(4 * nnz),
      x: alloc(4 * nCols * f), y: alloc(4 * nRows * f),
      ax: alloc(4 * nRows * f), aty: alloc(4 * nCols * f), s: alloc(4 * nnz),
    };
    const buf = memory.buffer;
    new Int32Array(buf, p.rowPtr, nRows + 1).set(a.rowPtr);
    new Int32Array(buf, p.colIdx, nnz).set(a.colIdx);
    new Float32Array(buf, p.values, nnz).set(a.values);
    const x = Float32Array.from(randomArray(rng, nCols * f));
    const y = Float32Array.from(randomArray(rng, nRows * f));
    new Float32Array(buf, p.x, nCols * f).set(x);
    new Float32Array(buf, p.y, nRows * f).set(y);

    simd!.spmm(nRows, p.rowPtr, p.colIdx, p.values, p.x, f, p.ax);
    simd!.spmmT(nRows, p.rowPtr, p.colIdx, p.values, p.y, f, p.aty);
    simd!.sddmm(nRows, p.rowPtr, p.colIdx, p.y, p.x, f, p.s);

    const ax = new Float32Array(nRows * f);
    spmmLoop(nRows, a.rowPtr, a.colIdx, a.values, x, f, ax);
    const aty = new Float32Array(nCols * f);
    spmmTransposeLoop(nRows, nCols, a.rowPtr, a.colIdx, a.values, y, f, aty);
    const s = new Float32Array(nnz);
    sddmmLoop(nRows, a.rowPtr, a.colIdx, y, x, f, s);
    expectClose(new Float32Array(buf, p.ax, nRows * f), ax, 1e-6, 'simd spmm');
    expectClose(new Float32Array(buf, p.aty, nCols * f), aty, 1e-6, 'simd spmmT');
    expectClose(new Float32Array(buf, p.s, nnz), s, 1e-6, 'simd sddmm');
  });
});
