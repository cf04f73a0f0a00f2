import { createRng } from '@gsn/tensor';
import { shallowParameterCount, type ShallowSpec } from './shallow';

/** Random θ (N(0, 1) entries), samples X (N x d, N(0, 1)) and targets y (N(0, 1)), seeded. */
export function randomShallowProblem(spec: ShallowSpec, n: number, seed: number): { theta: Float64Array; x: Float64Array; y: Float64Array } {
  const rng = createRng(seed);
  const theta = Float64Array.from({ length: shallowParameterCount(spec) }, () => rng.normal());
  const x = Float64Array.from({ length: n * spec.d }, () => rng.normal());
  const y = Float64Array.from({ length: n }, () => rng.normal());
  return { theta, x, y };
}
