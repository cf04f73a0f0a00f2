import { InvalidArgumentError } from '@gsn/tensor';
import {
  alternatingGroup,
  cyclicGroup,
  dihedralGroup,
  directProduct,
  groupFromTable,
  multiply,
  quaternionGroup,
  symmetricGroup,
} from './group';
import type { FiniteGroup } from './group';

const isAbelian = (g: FiniteGroup) => {
  for (let a = 0; a < g.order; a++) for (let b = 0; b < g.order; b++) if (multiply(g, a, b) !== multiply(g, b, a)) return false;
  return true;
};

describe('finite groups from Cayley tables', () => {
  it('have the right orders, inverses and commutativity', () => {
    const cases: [FiniteGroup, number, boolean][] = [
      [cyclicGroup(7), 7, true],
      [dihedralGroup(5), 10, false],
      [symmetricGroup(3), 6, false],
      [symmetricGroup(4), 24, false],
      [symmetricGroup(5), 120, false],
      [alternatingGroup(4), 12, false],
      [alternatingGroup(5), 60, false],
      [quaternionGroup(), 8, false],
      [directProduct(cyclicGroup(2), cyclicGroup(2)), 4, true],
    ];
    for (const [g, order, abelian] of cases) {
      expect(g.order).toBe(order);
      expect(isAbelian(g)).toBe(abelian);
      for (let a = 0; a < g.order; a++) expect(multiply(g, a, g.inverse[a])).toBe(g.identity);
    }
  });

  it('Q8 has a unique element of order 2 and D4 has five', () => {
    const involutions = (g: FiniteGroup) =>
      Array.from({ length: g.order }, (_, a) => a).filter((a) => a !== g.identity && multiply(g, a, a) === g.identity).length;
    expect(involutions(quaternionGroup())).toBe(1);
    expect(involutions(dihedralGroup(4))).toBe(5);
  });

  it('rejects a non-associative Latin square and tables without identity', () => {
    // order-5 loop that is not a group (not associative)
    const loop = [0, 1, 2, 3, 4, 1, 0, 3, 4, 2, 2, 4, 0, 1, 3, 3, 2, 4, 0, 1, 4, 3, 1, 2, 0];
    expect(() => groupFromTable('loop', loop, 5)).toThrow(InvalidArgumentError);
    expect(() => groupFromTable('x', [0, 0, 1, 1], 2)).toThrow(InvalidArgumentError);
    expect(() => symmetricGroup(6)).toThrow(InvalidArgumentError);
  });
});
