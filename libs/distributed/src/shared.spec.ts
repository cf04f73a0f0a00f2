import { InvalidArgumentError } from '@gsn/tensor';
import { sharedFrom, sharedMatrix, sharedView } from './shared';

describe('shared matrices', () => {
  it('views of one descriptor share memory, in its dtype', () => {
    const m = sharedMatrix('float64', 2, 3);
    const a = sharedView(m);
    const b = sharedView(m);
    a[4] = 2.5;
    expect(b[4]).toBe(2.5);
    expect(a).toBeInstanceOf(Float64Array);
    expect(m.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(sharedView(sharedFrom(Float32Array.from([1, 2]), 2))).toEqual(Float32Array.from([1, 2]));
  });

  it('rejects sizes that are not sizes', () => {
    expect(() => sharedMatrix('float32', -1)).toThrow(InvalidArgumentError);
    expect(() => sharedFrom(new Float32Array(3), 2, 2)).toThrow(/do not fill/);
  });
});
