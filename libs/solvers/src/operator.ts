/**
 * What solvers see of a problem: closures that write into a caller-owned output, so a CSR
 * Laplacian, a sheaf or supra-graph operator, or a sharded one are interchangeable.
 */
import type { Real } from '@gsn/tensor';

/** out = A x (out overwritten; never aliased with x). */
export type LinearOperator = (x: Real, out: Real) => void;

/** out = T(z) (out overwritten; never aliased with z). */
export type FixedPointMap = (z: Real, out: Real) => void;
