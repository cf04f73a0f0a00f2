import { createRng, InvalidArgumentError } from '@gsn/tensor';
import { cubicNlsPotential } from '@gsn/stationary';
import { randomState } from '@gsn/stationary/testing';
import { HolonomyError } from '@gsn/sheaf';
import { maxAbsDiff, rffToGsn, shfToRff } from './conversions';
import { evaluateGsn, evaluateRff, evaluateShf, type ShfModel } from './models';
import { randomShfModel } from './random-models';
import { shfToGsn } from './sheaf-to-gsn';

function inputs(model: ShfModel, seed: number): Float64Array[] {
  const rng = createRng(seed);
  return Array.from({ length: 3 }, () => randomState(rng, model.network.inputNodes * 2 * model.network.channels, 1.5));
}

describe('P12: SHF → GSN (C5) for flat connections, a HolonomyError otherwise', () => {
  it.each([
    { kind: 'orthogonal' as const, stalk: 3, copies: 1 },
    { kind: 'orthogonal' as const, stalk: 2, copies: 2 },
    { kind: 'unitary' as const, stalk: 2, copies: 1 },
    { kind: 'unitary' as const, stalk: 1, copies: 2 },
  ])('flat $kind connection, d = $stalk, f = $copies: outputs agree to 1e-10', ({ kind, stalk, copies }) => {
    const shf = randomShfModel(createRng(31), { kind, stalk, copies, flat: true, layers: 2 });
    const { model, liftInput } = shfToGsn(shf);
    expect(model.network.channels).toBe(copies);
    for (const x of inputs(shf, 32)) expect(maxAbsDiff(evaluateGsn(model, liftInput(x)), evaluateShf(shf, x))).toBeLessThan(1e-10);
  });

  it('a non-flat layer is rejected with an error naming the cycle and its holonomy', () => {
    const shf = randomShfModel(createRng(33), { flat: false, layers: 2 });
    expect(() => shfToGsn(shf)).toThrow(HolonomyError);
    expect(() => shfToGsn(shf)).toThrow(/layer 1: connection is not flat: the holonomy around the cycle \d+( → \d+)+ .*‖Hol − I‖_F = /);
  });

  it('a flat but non-trivial gauge with a potential that is not U(d)-invariant is rejected', () => {
    const shf = randomShfModel(createRng(34), { flat: true, stalk: 2, layers: 1 });
    const bad: ShfModel = {
      ...shf,
      network: { ...shf.network, layers: shf.network.layers.map((l) => ({ ...l, potential: cubicNlsPotential(0.5) })) },
    };
    expect(() => shfToGsn(bad)).toThrow(InvalidArgumentError);
    expect(() => shfToGsn(bad)).toThrow(/not invariant under the U\(2\) gauge/);
  });

  it('the boundary: a non-flat sheaf network is still an RFF (C2 for sheaves, exact) but rffToGsn refuses it', () => {
    const shf = randomShfModel(createRng(35), { flat: false, kind: 'unitary', stalk: 2, layers: 2 });
    const rff = shfToRff(shf);
    for (const x of inputs(shf, 36)) expect(maxAbsDiff(evaluateRff(rff, x), evaluateShf(shf, x))).toBeLessThan(1e-10);
    expect(() => rffToGsn(rff)).toThrow(InvalidArgumentError);
  });
});
