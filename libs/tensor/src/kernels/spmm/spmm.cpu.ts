import type { DataId, KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import type { Real } from '../../real';
import { patternAttrs } from './names';
import { SPARSE_KERNEL_BODIES } from './spmm.kernel-bodies';

/** The part of tfjs-backend-cpu's MathBackendCPU these kernels use. */
interface CpuBackend {
  data: { get(dataId: DataId): { values?: unknown } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
}

/** cpu kernels: read the JS-side buffers in place, return a fresh Float32Array. */
export const SPARSE_CPU_KERNELS: readonly KernelConfig[] = SPARSE_KERNEL_BODIES.map((body) => ({
  kernelName: body.name,
  backendName: 'cpu',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const cpu = backend as CpuBackend;
    const p = patternAttrs(attrs);
    const view = (name: string) => cpu.data.get(inputs[name]!.dataId).values as Real;
    const shape = body.outputShape(inputs, p);
    const out = new Float32Array(shape.reduce((n, d) => n * d, 1));
    body.run(view(body.inputs[0]), view(body.inputs[1]), p, body.width(inputs), out);
    return cpu.makeTensorInfo(shape, 'float32', out);
  },
}));
