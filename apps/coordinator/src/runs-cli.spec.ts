import { comparable, gsn } from './gsn-cli';

const train = ['train', '--data', 'texas', '--channels', '4', '--splits', '0-1', '--epochs', '2', '--json'];

describe('gsn train --workers 2 --shard runs', () => {
  it('prints the single-thread summary, also when worker 0 is killed during its first run (GSN_FAULT)', () => {
    const one = gsn(train);
    expect(one.code).toBe(0);
    const two = gsn([...train, '--workers', '2', '--shard', 'runs'], { GSN_FAULT: 'worker:0,call:1,mode:exit' });
    expect(two.code).toBe(0);
    expect(two.stderr).toMatch(/worker 0 lost \(worker 0 \(shard runs:geom-gcn-0\/seed 0\) exited with code 1\); replaced/);
    expect(comparable(two.json)).toEqual(comparable(one.json));
  }, 30_000);

  it('refuses --shard layers and a malformed GSN_FAULT with exit code 2', () => {
    expect(gsn([...train, '--workers', '2', '--shard', 'layers']).code).toBe(2);
    const bad = gsn([...train, '--workers', '2'], { GSN_FAULT: 'worker:zero' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/GSN_FAULT must look like worker:1,call:3,mode:exit/);
  }, 30_000);
});
