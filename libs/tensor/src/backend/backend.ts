import * as os from 'node:os';
// The umbrella package, not tfjs-core alone: its Node bundle is what registers the gradient
// configs of the built-in ops (tfjs-core's CJS bundle registers none).
import * as tf from '@tensorflow/tfjs';
import * as tfWasm from '@tensorflow/tfjs-backend-wasm';
import { BackendError } from '../errors';
import { registerSparseKernels } from '../kernels/register';

/**
 * Tensor backends gsn can run on.
 * - `wasm` (default): tfjs-backend-wasm, embedded, SIMD, **one thread** in Node (tfjs disables
 *   its pthread build under Node); parallelism comes from worker_threads, one backend per worker.
 * - `cpu`: tfjs-backend-cpu, plain JS; the reference backend, slow for dense elementwise ops.
 * - `tensorflow`: libtensorflow through `@tensorflow/tfjs-node-gpu` or `@tensorflow/tfjs-node`,
 *   when the user has installed one of them (optional peer dependencies, never required). Neither
 *   can be installed on the machines gsn is developed on (their install script downloads
 *   libtensorflow), so this path is **untested here**.
 */
export type BackendName = 'wasm' | 'cpu' | 'tensorflow';

export const BACKEND_NAMES: readonly BackendName[] = Object.freeze(['wasm', 'cpu', 'tensorflow']);

export interface BackendInfo {
  /** The active tfjs backend. */
  readonly name: string;
  /** Threads one op of that backend uses. */
  readonly threads: number;
  /** Backends that `useBackend` can activate here. */
  readonly available: readonly BackendName[];
}

/** Native packages for `tensorflow`, most capable first. */
const NATIVE_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;

function resolveNativePackage(): string | undefined {
  for (const pkg of NATIVE_PACKAGES) {
    try {
      require.resolve(pkg);
      return pkg;
    } catch {
      // not installed: try the next one
    }
  }
  return undefined;
}

/** The backends that can be activated in this process: wasm and cpu always, tensorflow if installed. */
export function availableBackends(): BackendName[] {
  return resolveNativePackage() === undefined ? ['wasm', 'cpu'] : ['wasm', 'cpu', 'tensorflow'];
}

let prodModeSet = false;

/**
 * Activates a backend: `name`, else the environment variable `GSN_BACKEND`, else `wasm`.
 * Registers gsn's sparse kernels and returns what is now active. Throws `BackendError`, listing
 * the available backends, when the name is unknown, its package is missing, or tfjs fails to
 * initialise it (tfjs itself would silently keep the previous backend).
 */
export async function useBackend(name?: BackendName): Promise<BackendInfo> {
  if (!prodModeSet) {
    tf.enableProdMode(); // skips per-op NaN checks and silences the Node banner
    prodModeSet = true;
  }
  const requested: string = name ?? (process.env['GSN_BACKEND'] || 'wasm');
  const available = availableBackends();
  if (!(BACKEND_NAMES as readonly string[]).includes(requested)) {
    throw new BackendError(`unknown backend '${requested}'; available: ${available.join(', ')}`);
  }
  if (requested === 'tensorflow') {
    const pkg = resolveNativePackage();
    if (pkg === undefined) {
      throw new BackendError(
        `backend 'tensorflow' needs ${NATIVE_PACKAGES.join(' or ')}, neither is installed; available: ${available.join(', ')}`,
      );
    }
    // Untested here (see BackendName). Requiring the package registers the 'tensorflow' backend
    // with the engine of the @tensorflow/tfjs-core it resolves; that must be the same copy as
    // ours (matching versions, deduplicated by npm) or the backend lands in another engine.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(pkg);
  }
  registerSparseKernels();
  let ok: boolean;
  try {
    ok = await tf.setBackend(requested);
  } catch (e) {
    throw new BackendError(`backend '${requested}' failed to initialise: ${(e as Error).message}`);
  }
  if (!ok || tf.getBackend() !== requested) {
    throw new BackendError(
      `backend '${requested}' failed to initialise (tfjs kept '${tf.getBackend()}'); available: ${available.join(', ')}`,
    );
  }
  await tf.ready();
  return backendInfo();
}

/** The active backend, the threads one of its ops uses, and the backends available here. */
export function backendInfo(): BackendInfo {
  const name = tf.getBackend();
  return { name, threads: threadsOf(name), available: availableBackends() };
}

function threadsOf(name: string): number {
  switch (name) {
    case 'wasm':
      try {
        return tfWasm.getThreadsCount(); // 1 in Node: tfjs forces WASM_HAS_MULTITHREAD_SUPPORT off
      } catch {
        return 1; // not initialised yet (wasm registered but never activated)
      }
    case 'tensorflow':
      // libtensorflow's intra-op pool defaults to one thread per core (not measured here).
      return os.cpus().length;
    default:
      return 1;
  }
}
