import * as tf from '@tensorflow/tfjs';
import { BackendError } from '../errors';
import { availableBackends, backendInfo, useBackend, type BackendName } from './backend';

describe('useBackend', () => {
  const saved = process.env['GSN_BACKEND'];
  afterEach(() => {
    if (saved === undefined) delete process.env['GSN_BACKEND'];
    else process.env['GSN_BACKEND'] = saved;
  });

  it('activates wasm by default and cpu on request, reporting threads and availability', async () => {
    delete process.env['GSN_BACKEND'];
    expect(await useBackend()).toEqual({ name: 'wasm', threads: 1, available: availableBackends() });
    expect(tf.getBackend()).toBe('wasm');
    expect((await useBackend('cpu')).name).toBe('cpu');
    expect(backendInfo()).toEqual({ name: 'cpu', threads: 1, available: availableBackends() });
    expect(availableBackends().slice(0, 2)).toEqual(['wasm', 'cpu']);
  });

  it('honours GSN_BACKEND when no name is given', async () => {
    process.env['GSN_BACKEND'] = 'cpu';
    expect((await useBackend()).name).toBe('cpu');
    process.env['GSN_BACKEND'] = 'wasm';
    expect((await useBackend()).name).toBe('wasm');
  });

  it('throws BackendError listing what is available for an unknown or missing backend', async () => {
    await expect(useBackend('webgpu' as BackendName)).rejects.toThrow(BackendError);
    await expect(useBackend('webgpu' as BackendName)).rejects.toThrow(/unknown backend 'webgpu'; available: wasm, cpu/);
    process.env['GSN_BACKEND'] = 'tpu';
    await expect(useBackend()).rejects.toThrow(BackendError);
    if (!availableBackends().includes('tensorflow')) {
      await expect(useBackend('tensorflow')).rejects.toThrow(/tfjs-node.*available: wasm, cpu/);
    }
  });
});
