import type { NamedTensorInfoMap } from '@tensorflow/tfjs';
import type { Real } from '../../real';
import { CsrSddmm, CsrSpMM, CsrSpMMT, type CsrPatternAttrs, type SparseKernelName } from './names';
import { sddmmLoop, spmmLoop, spmmTransposeLoop } from './spmm.impl';

/**
 * What each sparse kernel computes, independent of where its arrays live. A backend file
 * (cpu, wasm, tensorflow) only says how to view its input buffers and allocate the output;
 * the loops are the typed-array ones of `spmm.impl.ts`.
 */
export interface SparseKernelBody {
  readonly name: SparseKernelName;
  /** The two tensor inputs, in the order `run` takes their arrays; both are float32. */
  readonly inputs: readonly [string, string];
  outputShape(inputs: NamedTensorInfoMap, attrs: CsrPatternAttrs): number[];
  /** `f` is the column count of the dense operands. */
  run(a: Real, b: Real, attrs: CsrPatternAttrs, f: number, out: Real): void;
  /** The column count of the dense operands. */
  width(inputs: NamedTensorInfoMap): number;
}

const columnsOf = (name: string) => (inputs: NamedTensorInfoMap) => inputs[name]!.shape[1];

export const SPARSE_KERNEL_BODIES: readonly SparseKernelBody[] = [
  {
    name: CsrSpMM,
    inputs: ['values', 'x'],
    width: columnsOf('x'),
    outputShape: (inputs, p) => [p.nRows, inputs['x']!.shape[1]],
    run: (values, x, p, f, out) => spmmLoop(p.nRows, p.rowPtr, p.colIdx, values, x, f, out),
  },
  {
    name: CsrSpMMT,
    inputs: ['values', 'y'],
    width: columnsOf('y'),
    outputShape: (inputs, p) => [p.nCols, inputs['y']!.shape[1]],
    run: (values, y, p, f, out) => spmmTransposeLoop(p.nRows, p.nCols, p.rowPtr, p.colIdx, values, y, f, out),
  },
  {
    name: CsrSddmm,
    inputs: ['dy', 'x'],
    width: columnsOf('dy'),
    outputShape: (_inputs, p) => [p.rowPtr[p.nRows]],
    run: (dy, x, p, f, out) => sddmmLoop(p.nRows, p.rowPtr, p.colIdx, dy, x, f, out),
  },
];
