import { parseArgs } from 'node:util';
import { detectGpus } from '@gsn/distributed';
import { BACKEND_NAMES, BackendError, useBackend, type BackendName } from '@gsn/tensor';
import type { Command } from '../command';

function backendName(value: string | undefined): BackendName | undefined {
  if (value === undefined) return undefined;
  if (!(BACKEND_NAMES as readonly string[]).includes(value)) {
    throw new BackendError(`--backend: unknown backend '${value}', expected one of ${BACKEND_NAMES.join(', ')}`);
  }
  return value as BackendName;
}

export const infoCommand: Command = {
  name: 'info',
  summary: 'print the runtime: node, cores, GPUs, tensor backend and its threads',
  usage: 'gsn info [--backend wasm|cpu|tensorflow] [--json]   (default: $GSN_BACKEND, else wasm)',
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: { json: { type: 'boolean' }, backend: { type: 'string' } },
    });
    const os = await import('node:os');
    const backend = await useBackend(backendName(values.backend));
    const info = {
      node: process.version,
      cores: os.cpus().length,
      // What `--workers N --backend tensorflow` pins one worker to each of (CUDA_VISIBLE_DEVICES).
      gpus: detectGpus(),
      platform: `${os.platform()}-${os.arch()}`,
      backend: backend.name,
      threads: backend.threads,
      available: backend.available,
    };
    if (values.json) console.log(JSON.stringify(info));
    else for (const [k, v] of Object.entries(info)) console.log(`${k.padEnd(10)} ${Array.isArray(v) ? v.join(', ') || 'none' : v}`);
    return 0;
  },
};
