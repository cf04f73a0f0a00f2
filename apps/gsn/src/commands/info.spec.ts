import { infoCommand } from './info';

describe('gsn info', () => {
  const saved = process.env['CUDA_VISIBLE_DEVICES'];
  afterEach(() => {
    if (saved === undefined) delete process.env['CUDA_VISIBLE_DEVICES'];
    else process.env['CUDA_VISIBLE_DEVICES'] = saved;
  });

  it('lists the GPUs that tensorflow-backend workers are pinned to, and the backend in use', async () => {
    process.env['CUDA_VISIBLE_DEVICES'] = '0,1';
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      expect(await infoCommand.run(['--backend', 'cpu', '--json'])).toBe(0);
      const info = JSON.parse(log.mock.calls[0][0] as string);
      expect(info.gpus).toEqual(['0', '1']);
      expect(info.backend).toBe('cpu');
    } finally {
      log.mockRestore();
    }
  });
});
