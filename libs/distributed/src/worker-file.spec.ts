import { workerFileBeside } from './worker-file';

describe('workerFileBeside', () => {
  it('names the worker beside the calling module, with its extension', () => {
    expect(workerFileBeside('/repo/libs/x/src/strategy.ts', 'runs-worker')).toBe('/repo/libs/x/src/runs-worker.ts');
    expect(workerFileBeside('/app/node_modules/@gsn/x/src/strategy.js', 'runs-worker')).toBe('/app/node_modules/@gsn/x/src/runs-worker.js');
  });
});
