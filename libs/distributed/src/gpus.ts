import { execFileSync } from 'node:child_process';

/**
 * GPUs visible to this process: the ids in CUDA_VISIBLE_DEVICES when it is set, otherwise the
 * lines of `nvidia-smi -L`, otherwise none. Used to give each worker of a `tensorflow`-backend
 * pool its own GPU; an empty list means "run on CPUs", never an error.
 */
export function detectGpus(env: NodeJS.ProcessEnv = process.env): string[] {
  const visible = env['CUDA_VISIBLE_DEVICES'];
  if (visible !== undefined) {
    return visible
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '' && s !== '-1');
  }
  try {
    return gpuIdsOfNvidiaSmiList(execFileSync('nvidia-smi', ['-L'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }));
  } catch {
    return [];
  }
}

/** The GPU indices in the output of `nvidia-smi -L` (`GPU 0: NVIDIA H100 80GB HBM3 (UUID: …)`). */
export function gpuIdsOfNvidiaSmiList(text: string): string[] {
  return text
    .split('\n')
    .map((line) => /^GPU (\d+):/.exec(line)?.[1])
    .filter((id): id is string => id !== undefined);
}

/**
 * Per-worker environment pinning worker k to GPU k (one worker per GPU), for `createPool`'s
 * `env`. With no GPUs it sets nothing.
 */
export function gpuWorkerEnv(gpus: readonly string[]): (workerId: number) => Record<string, string> {
  return (workerId): Record<string, string> =>
    gpus.length === 0 ? {} : { CUDA_VISIBLE_DEVICES: gpus[workerId % gpus.length] };
}
