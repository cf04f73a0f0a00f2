import { detectGpus, gpuWorkerEnv } from './gpus';

// No GPU on the development machine: only the CUDA_VISIBLE_DEVICES path is tested.
describe('detectGpus', () => {
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
