import { cyclicGroup, symmetricGroup } from './group';
import {
  areIsotopic,
  associativityIndex,
  groupIsotopeFactors,
  isGroupIsotope,
  isLatinSquare,
  isotope,
  isotopyClassRepresentatives,
  latinSquare,
  principalLoop,
  reducedLatinSquares,
} from './latin';

const perm = (...p: number[]) => Int32Array.from(p);

describe('Latin squares and isotopy', () => {
  it('counts reduced Latin squares of orders 3, 4, 5 (1, 4, 56)', () => {
    expect(reducedLatinSquares(3).length).toBe(1);
    expect(reducedLatinSquares(4).length).toBe(4);
    expect(reducedLatinSquares(5).length).toBe(56);
    expect(reducedLatinSquares(5).every((l) => isLatinSquare(l.table, 5))).toBe(true);
  });

  it('order 4 has two isotopy classes, both groups; order 5 has two, exactly one a group', () => {
    const four = isotopyClassRepresentatives(4);
    expect(four.length).toBe(2);
    expect(four.every(isGroupIsotope)).toBe(true);
    const five = isotopyClassRepresentatives(5);
    expect(five.length).toBe(2);
    expect(five.map(isGroupIsotope).sort()).toEqual([false, true]);
    expect(areIsotopic(five[0], five[1])).toBe(false);
    const nonGroup = five.find((l) => !isGroupIsotope(l))!;
    expect(associativityIndex(nonGroup)).toBeLessThan(1);
  });

  it('a random isotope of S3 is a group isotope whose factors reproduce it', () => {
    const s3 = symmetricGroup(3);
    const l = isotope(latinSquare(s3.table, 6), perm(2, 0, 5, 1, 4, 3), perm(4, 3, 0, 5, 2, 1), perm(1, 5, 3, 2, 0, 4));
    expect(isLatinSquare(l.table, 6)).toBe(true);
    expect(areIsotopic(latinSquare(s3.table, 6), l)).toBe(true);
    const f = groupIsotopeFactors(l)!;
    for (let a = 0; a < 6; a++)
      for (let b = 0; b < 6; b++) expect(f.group.table[f.alpha[a] * 6 + f.beta[b]]).toBe(f.gamma[l.table[a * 6 + b]]);
  });

  it('the principal loop has identity L(r, s) and Z4 is not isotopic to Z2xZ2', () => {
    const z5 = latinSquare(cyclicGroup(5).table, 5);
    const { loop } = principalLoop(isotope(z5, perm(1, 2, 3, 4, 0), perm(0, 2, 4, 1, 3), perm(3, 1, 0, 2, 4)));
    for (let y = 0; y < 5; y++) expect(loop.table[0 * 5 + y]).toBe(loop.table[y * 5 + 0]);
    const z4 = latinSquare(cyclicGroup(4).table, 4);
    const klein = latinSquare([0, 1, 2, 3, 1, 0, 3, 2, 2, 3, 0, 1, 3, 2, 1, 0], 4);
    expect(areIsotopic(z4, klein)).toBe(false);
  });
});
