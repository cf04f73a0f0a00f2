import { abortBarrier, arriveAndWait, BarrierAbortedError, createBarrier, resetBarrier } from './barrier';

// Multi-thread use is exercised by sharded-operator.spec.ts (one barrier per iteration).
describe('barrier', () => {
  it('lets the last party through and is reusable', () => {
    const b = createBarrier(1);
    for (let i = 0; i < 3; i++) arriveAndWait(b, 100);
    expect(b.state[1]).toBe(3);
  });

  it('times out with a clear error when a party never arrives', () => {
    const b = createBarrier(2);
    expect(() => arriveAndWait(b, 30, 0)).toThrow(/not all 2 parties arrived within 30 ms/);
  });

  it('throws at an aborted barrier until reset', () => {
    const b = createBarrier(1);
    abortBarrier(b);
    expect(() => arriveAndWait(b, 100)).toThrow(BarrierAbortedError);
    resetBarrier(b);
    expect(() => arriveAndWait(b, 100)).not.toThrow();
  });

  it('rejects a non-positive party count', () => {
    expect(() => createBarrier(0)).toThrow(/parties 0/);
  });
});
