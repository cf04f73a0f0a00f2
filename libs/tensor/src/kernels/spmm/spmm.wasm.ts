import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import type { Real } from '../../real';
import { patternAttrs, type CsrPatternAttrs } from './names';
import { SPARSE_KERNEL_BODIES, type SparseKernelBody } from './spmm.kernel-bodies';
import { simdKernelsFor, type SimdKernels, type WasmMemory } from './spmm.simd';

/** The part of tfjs-backend-wasm's BackendWasm (and its Emscripten module) these kernels use. */
interface WasmBackend {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Real;
  wasm: {
    asm?: { memory?: WasmMemory };
    _malloc(bytes: number): number;
    _free(ptr: number): void;
  };
}

const SIMD_EXPORT = { CsrSpMM: 'spmm', CsrSpMMT: 'spmmT', CsrSddmm: 'sddmm' } as const;

/**
 * Runs the SIMD kernel on the tfjs heap. The dense operands and the output are already there;
 * only the pattern (attributes, in JS memory) is copied into a malloc'd block for the call,
 * which costs O(nnz) against the O(nnz · F) work.
 */
function runSimd(
  simd: SimdKernels,
  wasm: WasmBackend,
  body: SparseKernelBody,
  p: CsrPatternAttrs,
  a: TensorInfo,
  b: TensorInfo,
  f: number,
  out: TensorInfo,
): void {
  const nnz = p.rowPtr[p.nRows];
  const block = wasm.wasm._malloc(4 * (p.nRows + 1 + nnz));
  try {
    // Views are taken after malloc, which may grow (and so detach) the heap.
    const memory = wasm.wasm.asm!.memory!;
    new Int32Array(memory.buffer, block, p.nRows + 1).set(p.rowPtr);
    new Int32Array(memory.buffer, block + 4 * (p.nRows + 1), nnz).set(p.colIdx);
    const outView = wasm.typedArrayFromHeap(out);
    if (body.name !== 'CsrSddmm') outView.fill(0);
    const at = (t: TensorInfo) => wasm.typedArrayFromHeap(t).byteOffset;
    simd[SIMD_EXPORT[body.name]](p.nRows, block, block + 4 * (p.nRows + 1), at(a), at(b), f, outView.byteOffset);
  } finally {
    wasm.wasm._free(block);
  }
}

/**
 * wasm kernels. With F a multiple of 4 they run the f32x4 SIMD loops of `spmm.simd.ts` on the
 * tfjs heap itself (no copy of dense data); otherwise the scalar JS loops run on views of the
 * heap. The output is allocated first and every view taken after it, because allocating may
 * grow the heap and detach views taken earlier.
 */
export const SPARSE_WASM_KERNELS: readonly KernelConfig[] = SPARSE_KERNEL_BODIES.map((body) => ({
  kernelName: body.name,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const wasm = backend as WasmBackend;
    const p = patternAttrs(attrs);
    const out = wasm.makeOutput(body.outputShape(inputs, p), 'float32');
    const a = inputs[body.inputs[0]]!;
    const b = inputs[body.inputs[1]]!;
    const f = body.width(inputs);
    const memory = wasm.wasm.asm?.memory;
    const simd = f > 0 && f % 4 === 0 && memory !== undefined ? simdKernelsFor(memory) : null;
    if (simd !== null) runSimd(simd, wasm, body, p, a, b, f, out);
    else body.run(wasm.typedArrayFromHeap(a), wasm.typedArrayFromHeap(b), p, f, wasm.typedArrayFromHeap(out));
    return out;
  },
}));
