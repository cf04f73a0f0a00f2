import { createRng, InvalidArgumentError, StabilityError, type Rng } from '@gsn/tensor';
import { finiteDifferenceGradient, maxRelativeError } from '@gsn/tensor/testing';
import { cg, fixedPoint, forwardBackward, denseSolve } from '@gsn/solvers';
import { weightedGraph, withWeights } from '@gsn/graph';
import {
  checkOperatorStability,
  cubicNlsPotential,
  focusingCubicPotential,
  operatorJacobianMinEigenvalue,
  zeroPotential,
  type AdjointMethod,
  type Potential,
} from '@gsn/stationary';
import { randomGraph, randomState } from '@gsn/stationary/testing';
import { connectionFromParams, connectionParamsVjp } from './connection';
import type { ConnectionSpec } from './restriction-maps';
import { sheafLayerOperator, sheafState, sheafVjp, type SheafLayer } from './sheaf-layer';
import { stalkModReluPotential } from './stalk-potential';
import { denseSheafLaplacian, randomConnection } from './testing';

type Opts = { tol: number; maxIter: number };
const forward = { solver: forwardBackward, solverOptions: { tol: 1e-15, maxIter: 20000, acceleration: 'anderson' as const } };
const proxAdjoint: AdjointMethod<Opts> = { form: 'prox', solver: fixedPoint, solverOptions: { tol: 1e-15, maxIter: 20000 } };
const hessianAdjoint: AdjointMethod<Opts> = { form: 'hessian', solver: cg, solverOptions: { tol: 1e-14, maxIter: 2000 } };

interface Setup {
  spec: ConnectionSpec;
  channels: number;
  potential: Potential;
  method: AdjointMethod<Opts>;
}

function build(rng: Rng, spec: ConnectionSpec, channels: number, potential: Potential) {
  const graph = randomGraph(rng, 6, 3);
  const { params } = randomConnection(rng, spec, graph.src.length, 0.7);
  const source = randomState(rng, 6 * 2 * channels, 2);
  const g = randomState(rng, source.length);
  const onsite = Float64Array.from({ length: 6 }, () => 0.3 * rng.next());
  return { graph, params, source, g, onsite, kappa: 0.8, potential };
}

describe('sheaf layer adjoint (SPEC 4.9) vs central differences, float64', () => {
  it.each<Setup>([
    { spec: { kind: 'orthogonal', stalk: 2, method: 'angle' }, channels: 2, potential: cubicNlsPotential(0.4), method: hessianAdjoint },
    { spec: { kind: 'orthogonal', stalk: 3, method: 'cayley' }, channels: 3, potential: cubicNlsPotential(0.4), method: proxAdjoint },
    { spec: { kind: 'unitary', stalk: 2, method: 'expm' }, channels: 4, potential: stalkModReluPotential(0.3, 2), method: proxAdjoint },
    { spec: { kind: 'unitary', stalk: 1, method: 'angle' }, channels: 2, potential: cubicNlsPotential(0.4), method: hessianAdjoint },
    { spec: { kind: 'orthogonal', stalk: 2, method: 'cayley' }, channels: 2, potential: focusingCubicPotential(0.1), method: hessianAdjoint },
  ])('$spec.kind d = $spec.stalk $spec.method, c = $channels, $potential.name, $method.form adjoint', ({ spec, channels, potential, method }) => {
    const p = build(createRng(11), spec, channels, potential);
    const E = p.graph.src.length;
    const unpack = (x: Float64Array) => ({
      weights: x.subarray(0, E),
      params: x.subarray(E, E + p.params.length),
      source: x.subarray(E + p.params.length, E + p.params.length + p.source.length),
      kappa: x[x.length - 2],
      strength: x[x.length - 1],
    });
    const layerOf = (v: ReturnType<typeof unpack>): SheafLayer => ({
      graph: withWeights(p.graph, v.weights),
      connection: connectionFromParams(spec, v.params, E),
      channels,
      kappa: v.kappa,
      onsite: p.onsite,
      potential: potential.withStrength ? potential.withStrength(v.strength) : potential,
    });
    const x0 = Float64Array.from([...p.graph.weights, ...p.params, ...p.source, p.kappa, potential.strength ?? 0]);
    const loss = (x: Float64Array): number => {
      const v = unpack(x);
      const psi = sheafState(layerOf(v), v.source, forward).state;
      let total = 0;
      for (let q = 0; q < psi.length; q++) total += psi[q] * p.g[q];
      return total;
    };
    const v = unpack(x0);
    const layer = layerOf(v);
    const fwd = sheafState(layer, v.source, forward);
    const grads = sheafVjp(layer, fwd, v.source, p.g, method);
    const analytic = Float64Array.from([
      ...grads.weights,
      ...connectionParamsVjp(spec, v.params, grads.maps),
      ...grads.source,
      grads.kappa,
      grads.strength ?? 0,
    ]);
    const fd = finiteDifferenceGradient(loss, x0);
    expect(maxRelativeError(analytic, fd, 1e-4)).toBeLessThan(1e-5);
  });

  it('linear case: ψ = H_F^{-1}s matches a dense solve', () => {
    const rng = createRng(12);
    const spec: ConnectionSpec = { kind: 'unitary', stalk: 2, method: 'cayley' };
    const p = build(rng, spec, 2, zeroPotential());
    const connection = connectionFromParams(spec, p.params, p.graph.src.length);
    const layer: SheafLayer = { graph: p.graph, connection, channels: 2, kappa: p.kappa, onsite: p.onsite, potential: zeroPotential() };
    const psi = sheafState(layer, p.source, forward).state;
    const v = Float64Array.from(p.onsite, (o) => o + p.kappa);
    const ref = denseSolve(denseSheafLaplacian(p.graph, connection, 2, v), p.source.length, p.source);
    expect(maxRelativeError(psi, ref, 1e-8)).toBeLessThan(1e-12);
  });

  it('rejects κ ≤ 0', () => {
    const rng = createRng(13);
    const spec: ConnectionSpec = { kind: 'orthogonal', stalk: 2, method: 'angle' };
    const p = build(rng, spec, 2, zeroPotential());
    const connection = connectionFromParams(spec, p.params, p.graph.src.length);
    const base = { graph: p.graph, connection, channels: 2, onsite: p.onsite };
    expect(() => sheafState({ ...base, kappa: 0, potential: zeroPotential() }, p.source, forward)).toThrow(InvalidArgumentError);
  });

  describe('focusing (non-convex) potential: the stable-branch check of @gsn/stationary on H_F', () => {
    const spec: ConnectionSpec = { kind: 'orthogonal', stalk: 2, method: 'angle' };
    const p = build(createRng(13), spec, 2, zeroPotential());
    const connection = connectionFromParams(spec, p.params, p.graph.src.length);
    const layer: SheafLayer = { graph: p.graph, connection, channels: 2, kappa: 1, onsite: p.onsite, potential: focusingCubicPotential(0.1) };

    it('solves on a stable branch with λ_min(H_F + ∇²Φ(ψ*)) > 0', () => {
      const psi = sheafState(layer, p.source, forward).state;
      expect(operatorJacobianMinEigenvalue(sheafLayerOperator(layer, psi), layer.potential, psi).min).toBeGreaterThan(0);
    });

    it('throws StabilityError when the source leaves every stable branch', () => {
      const large = p.source.map((x) => 10 * x);
      expect(() => sheafState({ ...layer, potential: focusingCubicPotential(1) }, large, forward)).toThrow(StabilityError);
    });

    it('throws StabilityError at a state off the stable branch (∇²Φ outweighs H_F)', () => {
      const unstable: SheafLayer = { ...layer, potential: focusingCubicPotential(1) };
      const psi = new Float64Array(p.source.length).fill(2);
      const op = sheafLayerOperator(unstable, psi);
      expect(() => checkOperatorStability(op, unstable.potential, psi)).toThrow(StabilityError);
      expect(() => checkOperatorStability(op, unstable.potential, psi.map(() => 0.05))).not.toThrow();
    });
  });

  it('P11: relabelling nodes (graph, on-site, maps with their orientation, source rows) permutes the state', () => {
    const rng = createRng(14);
    const spec: ConnectionSpec = { kind: 'unitary', stalk: 2, method: 'cayley' };
    const channels = 4;
    const p = build(rng, spec, channels, stalkModReluPotential(0.3, 2));
    const connection = connectionFromParams(spec, p.params, p.graph.src.length);
    const layer: SheafLayer = { graph: p.graph, connection, channels, kappa: p.kappa, onsite: p.onsite, potential: p.potential };
    const n = p.graph.nodes;
    const perm = [3, 0, 5, 1, 4, 2];
    const mm = 16;
    const src: number[] = [];
    const dst: number[] = [];
    const maps = new Float64Array(connection.maps.length);
    for (let e = 0; e < p.graph.src.length; e++) {
      const a = perm[p.graph.src[e]];
      const b = perm[p.graph.dst[e]];
      src.push(Math.min(a, b));
      dst.push(Math.max(a, b));
      const block = connection.maps.subarray(e * mm, (e + 1) * mm);
      maps.set(a < b ? block : Float64Array.from({ length: mm }, (_, q) => block[(q % 4) * 4 + Math.floor(q / 4)]), e * mm);
    }
    const width = 2 * channels;
    const permuteRows = (x: Float64Array) => {
      const out = new Float64Array(x.length);
      for (let i = 0; i < n; i++) out.set(x.subarray(i * width, (i + 1) * width), perm[i] * width);
      return out;
    };
    const onsite = new Float64Array(n);
    for (let i = 0; i < n; i++) onsite[perm[i]] = p.onsite[i];
    const relabelled: SheafLayer = {
      ...layer,
      graph: weightedGraph({ nodes: n, src, dst, weights: p.graph.weights, dtype: 'float64', duplicates: 'error' }),
      connection: { ...connection, maps },
      onsite,
    };
    const psi = sheafState(layer, p.source, forward).state as Float64Array;
    const psiPermuted = sheafState(relabelled, permuteRows(p.source), forward).state;
    expect(maxRelativeError(psiPermuted, permuteRows(psi), 1e-8)).toBeLessThan(1e-11);
  });
});
