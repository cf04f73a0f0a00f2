import { createRng, StabilityError } from '@gsn/tensor';
import { expectClose } from '@gsn/tensor/testing';
import { cg, fixedPoint, forwardBackward } from '@gsn/solvers';
import { cubicNlsPotential, focusingCubicPotential } from './radial-potentials';
import { layerOperator, type StationaryLayer } from './stationary-layer';
import type { StationaryOperator } from './stationary-operator';
import { operatorState, stationaryState } from './stationary-state';
import { operatorVjp, stationaryVjp, type AdjointMethod } from './stationary-adjoint';
import { checkOperatorStability } from './stability';
import { denseSchrodinger, randomGraph, randomState } from './testing';

type O = { tol: number; maxIter: number };
const forward = { solver: forwardBackward, solverOptions: { tol: 1e-15, maxIter: 20000 } };
const methods: Array<AdjointMethod<O>> = [
  { form: 'prox', solver: fixedPoint, solverOptions: { tol: 1e-15, maxIter: 20000 } },
  { form: 'hessian', solver: cg, solverOptions: { tol: 1e-14, maxIter: 2000 } },
];

/** H = L_w + V of a layer as a dense n × n matrix behind the interface: no graph reaches the generic code. */
function denseOperator(layer: StationaryLayer): StationaryOperator {
  const n = layer.graph.nodes;
  const width = 2 * layer.channels;
  const h = denseSchrodinger(layer);
  const { lambdaBound, kappa } = layerOperator(layer, new Float64Array(0));
  return {
    nodes: n,
    channels: layer.channels,
    lambdaBound,
    kappa,
    apply(x, out) {
      out.fill(0);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          for (let p = 0; p < width; p++) out[i * width + p] += h[i * n + j] * x[j * width + p];
        }
      }
    },
  };
}

describe('operator-generic stationary solve, adjoint and stability check', () => {
  it.each([
    ['cubic NLS', cubicNlsPotential(0.5)],
    ['focusing cubic on a stable branch', focusingCubicPotential(0.2)],
  ])('%s: operatorState / operatorVjp on a dense operator equal stationaryState / stationaryVjp', (_, potential) => {
    const rng = createRng(61);
    const layer: StationaryLayer = { graph: randomGraph(rng, 7, 4), channels: 2, kappa: 0.8, potential };
    const s = randomState(rng, 7 * 4, 0.5);
    const g = randomState(rng, 7 * 4);
    const op = denseOperator(layer);
    const generic = operatorState(op, potential, s, forward);
    const graphForward = stationaryState(layer, s, forward);
    expectClose(generic.state, graphForward.state, 1e-12, 'state');
    for (const method of methods) {
      const adjoint = operatorVjp(op, potential, generic, s, g, method);
      const reference = stationaryVjp(layer, graphForward, s, g, method);
      expectClose(adjoint.lambda, reference.source, 1e-10, `λ (${method.form})`);
      expect(adjoint.strength).toBeCloseTo(reference.strength ?? NaN, 10);
    }
  });

  it('a non-convex potential off every stable branch gives StabilityError through the generic path', () => {
    const rng = createRng(62);
    const layer: StationaryLayer = { graph: randomGraph(rng, 7, 4), channels: 1, kappa: 1, potential: focusingCubicPotential(1) };
    const op = denseOperator(layer);
    expect(() => operatorState(op, layer.potential, randomState(rng, 14, 1).map((x) => 3 + x), forward)).toThrow(StabilityError);
    expect(() => checkOperatorStability(op, layer.potential, new Float64Array(14).fill(2))).toThrow(StabilityError);
  });
});
