import { detectGpus, gpuIdsOfNvidiaSmiList, gpuWorkerEnv } from './gpus';

// No GPU on the development machine: nvidia-smi's output is a recorded one.
describe('detectGpus', () => {
  it('reads the GPU indices of `nvidia-smi -L`', () => {
    // Printed by an H100 machine lent through the device tool (2026-11-23), where `gsn info` listed gpus [0].
    const h100 = 'GPU 0: NVIDIA H100 80GB HBM3 (UUID: GPU-ca7412cd-5491-bd6c-1e60-8a496079fbce)\n';
    expect(gpuIdsOfNvidiaSmiList(h100)).toEqual(['0']);
    expect(gpuIdsOfNvidiaSmiList(`${h100}GPU 1: NVIDIA H100 80GB HBM3 (UUID: GPU-1)\n`)).toEqual(['0', '1']);
    expect(gpuIdsOfNvidiaSmiList('NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver.')).toEqual([]);
  });

  it('reads CUDA_VISIBLE_DEVICES when set', () => {
    expect(detectGpus({ CUDA_VISIBLE_DEVICES: '0, 2' })).toEqual(['0', '2']);
    expect(detectGpus({ CUDA_VISIBLE_DEVICES: '' })).toEqual([]);
    expect(detectGpus({ CUDA_VISIBLE_DEVICES: '-1' })).toEqual([]);
  });

  it('gives worker k GPU k, and nothing without GPUs', () => {
    const env = gpuWorkerEnv(['0', '2']);
    expect([0, 1].map(env)).toEqual([{ CUDA_VISIBLE_DEVICES: '0' }, { CUDA_VISIBLE_DEVICES: '2' }]);
    expect(gpuWorkerEnv([])(0)).toEqual({});
  });
});
