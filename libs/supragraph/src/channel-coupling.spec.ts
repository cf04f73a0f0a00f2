import { createRng, InvalidArgumentError } from '@gsn/tensor';
import { finiteDifferenceGradient } from '@gsn/tensor/testing';
import { fixedPoint, forwardBackward, type FixedPointOptions, type ForwardBackwardOptions } from '@gsn/solvers';
import { realInner, reluPotential } from '@gsn/stationary';
import { randomState } from '@gsn/stationary/testing';
import { applyCoupling, couplingNorm, couplingToInputMap, type ChannelCoupling } from './coupling';
import { forwardSubstitution, globalForwardBackward } from './exact-solve';
import { layerOffsets, type MultilayerNetwork } from './multilayer-network';
import { globalVjp } from './network-adjoint';
import { flattenGradients } from './network-gradients';
import { penalizedForwardBackward } from './penalized-solve';
import { checkSupragraph, relativeMaxError } from './penalty-sweep';
import { randomChannelNetwork } from './random-network';
import { assembleSupraGraph, disassembleLayerSupraGraph, disassembleSupraGraph } from './supra-graph';
import { applySupraOperator, applySupraOperatorAdjoint, denseSupraOperator, globalSource, supraOperator } from './supra-operator';
import { networkFromParameters, networkParameters } from './testing';

const tight: Partial<ForwardBackwardOptions> = { tol: 1e-14, maxIter: 100000 };
const fdSolve: Partial<ForwardBackwardOptions> = { tol: 1e-12, maxIter: 100000 };
const adjoint = { solver: fixedPoint, solverOptions: { tol: 1e-14, maxIter: 100000 } as Partial<FixedPointOptions> };

/** A 3-layer network with channel couplings (gsn's trainer), its input, a loss ⟨g, Ψ⟩. */
function setup(seed: number, small = false, potential = reluPotential()) {
  const rng = createRng(seed);
  const size = small ? { nodes: 4, chords: 1, channels: 1 } : { nodes: 6, chords: 3, channels: 2 };
  const net = randomChannelNetwork(rng, { layers: 3, ...size, potential });
  const w = 2 * net.channels;
  const N = layerOffsets(net)[3];
  const x = randomState(rng, net.inputNodes * w);
  const g = randomState(rng, N * w);
  return { net, x, g, psi0: randomState(rng, N * w), N, w };
}

describe('channel-mixing couplings S = I ⊗ W (gsn trainer, SPEC 4.7)', () => {
  it('apply is ψW + b per node; ‖I ⊗ W‖ = ‖W‖ (power iteration vs a rank-one W)', () => {
    const s: ChannelCoupling = { kind: 'channel', nOut: 2, nIn: 2, weight: Float64Array.from([1, 2, 3, 6]), bias: Float64Array.from([0.5, 0, 0, -1]) };
    // node 0: [1, 1]W = [4, 8]; node 1: [2, -1]W = [-1, -2].
    expect(Array.from(applyCoupling(s, Float64Array.from([1, 1, 2, -1]), 1))).toEqual([4.5, 8, -1, -3]);
    expect(couplingNorm(s, 1e-14)).toBeCloseTo(Math.sqrt(50), 10);
    expect(() => couplingToInputMap(s)).toThrow(InvalidArgumentError);
  });

  it('assembly round trip is exact; M, M_μ and K^† against the dense matrix; B(x) = xW_1 + b', () => {
    const { net, x, N, w } = setup(41);
    const supra = assembleSupraGraph(net);
    const back = disassembleLayerSupraGraph(supra);
    expect(back.couplings).toEqual(net.couplings);
    expect(back.layers.map((l) => Array.from(l.graph.weights))).toEqual(net.layers.map((l) => Array.from(l.graph.weights)));
    expect(() => disassembleSupraGraph(supra)).toThrow(InvalidArgumentError);
    const n1 = net.layers[0].graph.nodes * w;
    expect(relativeMaxError(globalSource(supra, x).subarray(0, n1), applyCoupling(net.couplings[0], x, net.channels))).toBeLessThan(1e-15);
    for (const mu of [Infinity, 7]) {
      const op = supraOperator(supra, mu);
      const dense = denseSupraOperator(op);
      const n = N * w;
      // Row block ℓ = 2, node 0, column block ℓ = 1, node 0: −W_2ᵀ; the back-edge: −W_2/μ.
      const W = net.couplings[1].weight;
      const o1 = layerOffsets(net)[1] * w;
      for (let p = 0; p < w; p++) {
        for (let q = 0; q < w; q++) {
          expect(dense[(o1 + q) * n + p]).toBeCloseTo(-W[p * w + q], 14);
          expect(dense[p * n + o1 + q]).toBeCloseTo(Number.isFinite(mu) ? -W[p * w + q] / mu : 0, 14);
        }
      }
      // K^† = transpose of K.
      const y = randomState(createRng(3), n);
      const kty = new Float64Array(n);
      applySupraOperatorAdjoint(op, y, kty);
      const ref = new Float64Array(n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) ref[j] += dense[i * n + j] * y[i];
      expect(relativeMaxError(kty, ref)).toBeLessThan(1e-14);
      const ky = new Float64Array(n);
      applySupraOperator(op, y, ky);
      expect(realInner(ky, y)).toBeCloseTo(realInner(kty, y), 10);
    }
  });

  it('P7/P8 with channel couplings: global FB = layerwise, global adjoint = layerwise (1e-10), penalised errors O(1/μ)', () => {
    const { net, x, g, psi0 } = setup(42);
    const r = checkSupragraph(net, x, g, psi0, [1e2, 1e3, 1e4, 1e5]);
    expect(r.exactMaxErr).toBeLessThan(1e-10);
    expect(r.adjointMaxErr).toBeLessThan(1e-10);
    expect(r.jacobiErrBeforeL).toBeGreaterThan(1e-4);
    expect(Math.abs(r.stateSlope + 1)).toBeLessThan(0.1);
    expect(Math.abs(r.gradSlope + 1)).toBeLessThan(0.1);
  });

  for (const mu of [Infinity, 20]) {
    it(`P6/P8: gradients of w, V, κ, W, b and x match central differences (${Number.isFinite(mu) ? `penalised, μ = ${mu}` : 'exact'})`, () => {
      const { net, x, g } = setup(43, true);
      const supra = assembleSupraGraph(net);
      const point = Number.isFinite(mu)
        ? penalizedForwardBackward(supra, x, mu, { solverOptions: tight })
        : globalForwardBackward(supra, x, { solverOptions: tight });
      const grads = flattenGradients(globalVjp(supra, x, point, g, { ...adjoint, penalty: mu }));
      const lossOf = (m: MultilayerNetwork<ChannelCoupling>, xv: Float64Array): number => {
        const s = assembleSupraGraph(m);
        const psi = Number.isFinite(mu)
          ? penalizedForwardBackward(s, xv, mu, { solverOptions: fdSolve }).state
          : forwardSubstitution(m, xv, { solver: forwardBackward, solverOptions: fdSolve }).state;
        return realInner(psi, g);
      };
      const fd = finiteDifferenceGradient((v) => {
        const p = networkFromParameters(net, v);
        return lossOf(p.net, p.x);
      }, networkParameters(net, x), 1e-6);
      expect(relativeMaxError(grads, fd)).toBeLessThan(1e-6);
    });
  }
});
