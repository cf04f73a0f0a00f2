import type { DataId, KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import type { Real } from '../../real';
import { patternAttrs } from './names';
import { SPARSE_KERNEL_BODIES } from './spmm.kernel-bodies';

/** The part of tfjs-node's NodeJSKernelBackend these kernels use. */
interface HostReadableBackend {
  readSync(dataId: DataId): unknown;
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
}

/**
 * Kernels for the `tensorflow` backend (libtensorflow via tfjs-node). libtensorflow has sparse
 * ops, but tfjs-node exposes none of them, so these copy the operands to the host, run the
 * typed-array loops and hand the result back: correct, single-threaded, and paying one copy each
 * way. **Untested here**: tfjs-node cannot be installed on gsn's development machines. The
 * shared spec runs the same bodies through `readSync`/`makeTensorInfo` on a cpu backend only.
 */
export function sparseHostKernels(backendName: string): KernelConfig[] {
  return SPARSE_KERNEL_BODIES.map((body) => ({
    kernelName: body.name,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const host = backend as HostReadableBackend;
      const p = patternAttrs(attrs);
      const view = (name: string) => host.readSync(inputs[name]!.dataId) as Real;
      const shape = body.outputShape(inputs, p);
      const out = new Float32Array(shape.reduce((n, d) => n * d, 1));
      body.run(view(body.inputs[0]), view(body.inputs[1]), p, body.width(inputs), out);
      return host.makeTensorInfo(shape, 'float32', out);
    },
  }));
}
