export type { FiniteGroup } from './group';
export {
  multiply,
  groupFromTable,
  cyclicGroup,
  dihedralGroup,
  permutationGroup,
  symmetricGroup,
  alternatingGroup,
  quaternionGroup,
  directProduct,
} from './group';
export type { IrrepType, IrrepClass, IrrepDecomposition } from './representation';
export {
  regularRepresentation,
  irrepDecomposition,
  complexIrrepDimensions,
  characterProjector,
  irrepMatrix,
  plancherelWeight,
  fourierTransform,
  inverseFourierTransform,
  plancherelNorm2,
  isotypicPower,
} from './representation';
export type { LatinSquare } from './latin';
export {
  isLatinSquare,
  latinSquare,
  invertPermutation,
  isotope,
  principalLoop,
  associativityIndex,
  isGroupIsotope,
  groupIsotopeFactors,
  reducedLatinSquares,
  areIsotopic,
  isotopyClassRepresentatives,
} from './latin';
