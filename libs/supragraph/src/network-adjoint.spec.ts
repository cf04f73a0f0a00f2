import { createRng } from '@gsn/tensor';
import { finiteDifferenceGradient, maxRelativeError } from '@gsn/tensor/testing';
import { fixedPoint, forwardBackward, type FixedPointOptions, type ForwardBackwardOptions } from '@gsn/solvers';
import { modReluPotential, realInner, reluPotential, type Potential } from '@gsn/stationary';
import { randomState } from '@gsn/stationary/testing';
import { forwardSubstitution, globalForwardBackward, type LayerSolve } from './exact-solve';
import { layerOffsets, type MultilayerNetwork } from './multilayer-network';
import { globalVjp, layerwiseVjp } from './network-adjoint';
import { flattenGradients } from './network-gradients';
import { penalizedForwardBackward } from './penalized-solve';
import { relativeMaxError } from './penalty-sweep';
import { randomNetwork } from './random-network';
import { assembleSupraGraph } from './supra-graph';
import { networkFromParameters, networkParameters } from './testing';

const tight: Partial<ForwardBackwardOptions> = { tol: 1e-14, maxIter: 100000 };
const solve: LayerSolve<Partial<ForwardBackwardOptions>> = { solver: forwardBackward, solverOptions: tight };
const fdSolve: Partial<ForwardBackwardOptions> = { tol: 1e-12, maxIter: 100000 };
const adjoint = { solver: fixedPoint, solverOptions: { tol: 1e-14, maxIter: 100000 } as Partial<FixedPointOptions> };

/** Loss ⟨g, Ψ⟩ on a 3-layer network; `small` keeps the finite-difference checks fast. */
function setup(seed: number, potential?: Potential, lastLayerOnly = false, small = false) {
  const rng = createRng(seed);
  const size = small ? { nodes: 4, chords: 1, channels: 1, couplingDensity: 0.25 } : { nodes: 5, chords: 2, channels: 2 };
  const net = randomNetwork(rng, { layers: 3, ...size, ...(potential ? { potential } : {}) });
  const n = size.nodes;
  const w = 2 * size.channels;
  const x = randomState(rng, n * w);
  const g = randomState(rng, layerOffsets(net)[3] * w);
  if (lastLayerOnly) g.fill(0, 0, 2 * n * w);
  return { net, x, g };
}

function loss(net: MultilayerNetwork, x: Float64Array, g: Float64Array): number {
  const psi = forwardSubstitution(net, x, { ...solve, solverOptions: fdSolve }).state;
  return realInner(psi, g);
}

describe('global adjoint (SPEC 4.7, P7)', () => {
  for (const [name, potential] of [
    ['cubic NLS', undefined],
    ['ReLU', reluPotential()],
    ['modReLU', modReluPotential(0.2)],
  ] as const) {
    it(`P7: global adjoint gradients equal layer-by-layer reverse mode to 1e-10 (${name})`, () => {
      const { net, x, g } = setup(21, potential);
      const supra = assembleSupraGraph(net);
      const exact = forwardSubstitution(net, x, solve);
      const layerwise = flattenGradients(layerwiseVjp(net, x, exact, g, { form: 'prox', ...adjoint }));
      const global = globalVjp(supra, x, globalForwardBackward(supra, x, { solverOptions: tight }), g, adjoint);
      expect(relativeMaxError(flattenGradients(global), layerwise)).toBeLessThan(1e-10);
    });
  }

  it('P6/P7: exact gradients of every parameter (w, V, κ, β, S_re, S_im, b, x) match central differences', () => {
    const { net, x, g } = setup(22, undefined, false, true);
    const supra = assembleSupraGraph(net);
    const global = flattenGradients(globalVjp(supra, x, globalForwardBackward(supra, x, { solverOptions: tight }), g, adjoint));
    const theta = networkParameters(net, x);
    const fd = finiteDifferenceGradient((v) => {
      const p = networkFromParameters(net, v);
      return loss(p.net, p.x, g);
    }, theta);
    expect(maxRelativeError(global, fd, 1e-6)).toBeLessThan(1e-5);
  });

  it('penalised adjoint: the exact gradient of the penalised model (central differences, μ = 5)', () => {
    const mu = 5;
    const { net, x, g } = setup(23, undefined, true, true);
    const supra = assembleSupraGraph(net);
    const point = penalizedForwardBackward(supra, x, mu, { solverOptions: tight });
    const grads = flattenGradients(globalVjp(supra, x, point, g, { ...adjoint, penalty: mu }));
    const theta = networkParameters(net, x);
    const fd = finiteDifferenceGradient((v) => {
      const p = networkFromParameters(net, v);
      const psi = penalizedForwardBackward(assembleSupraGraph(p.net), p.x, mu, { solverOptions: fdSolve }).state;
      return realInner(psi, g);
    }, theta);
    expect(maxRelativeError(grads, fd, 1e-6)).toBeLessThan(1e-5);
  });
});
