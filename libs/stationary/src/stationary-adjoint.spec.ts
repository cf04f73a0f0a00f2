import { createRng } from '@gsn/tensor';
import { finiteDifferenceGradient, maxRelativeError } from '@gsn/tensor/testing';
import { cg, fixedPoint, forwardBackward, minres, anderson } from '@gsn/solvers';
import { weightedGraph, withWeights } from '@gsn/graph';
import { applyComplexInputMap, complexInputMapVjp, type ComplexInputMap } from './complex-input-map';
import type { Potential } from './potential';
import { cubicNlsPotential, focusingCubicPotential, modReluPotential } from './radial-potentials';
import { reluPotential } from './relu-potential';
import { zeroPotential } from './zero-potential';
import { layerOperator, type StationaryLayer } from './stationary-layer';
import { stationaryState } from './stationary-state';
import { stationaryVjp, type AdjointMethod } from './stationary-adjoint';
import { randomGraph, randomState } from './testing';

const forwardOptions = { tol: 1e-15, maxIter: 20000 };
const proxAdjoint: AdjointMethod<{ tol: number; maxIter: number }> = {
  form: 'prox',
  solver: fixedPoint,
  solverOptions: { tol: 1e-15, maxIter: 20000 },
};
const hessianAdjoint: AdjointMethod<{ tol: number; maxIter: number }> = {
  form: 'hessian',
  solver: cg,
  solverOptions: { tol: 1e-14, maxIter: 2000 },
};

/** Every parameter of one layer fed by s = S x + b, and the loss ℓ = ⟨g, ψ*⟩ + ½‖ψ*‖². */
interface Problem {
  layer: StationaryLayer;
  map: ComplexInputMap;
  x: Float64Array;
  g: Float64Array;
}

function makeProblem(seed: number, potential: Potential, sourceScale = 1): Problem {
  const rng = createRng(seed);
  const channels = 2;
  const n = 5;
  const nIn = 3;
  const layer: StationaryLayer = {
    graph: randomGraph(rng, n, 3),
    channels,
    kappa: 0.9,
    onsite: randomState(rng, n).map((v) => 0.2 + Math.abs(v)),
    potential,
  };
  const map: ComplexInputMap = {
    nOut: n,
    nIn,
    sRe: randomState(rng, n * nIn, sourceScale),
    sIm: randomState(rng, n * nIn, sourceScale),
    bias: randomState(rng, n * 2 * channels, sourceScale),
  };
  return { layer, map, x: randomState(rng, nIn * 2 * channels), g: randomState(rng, n * 2 * channels) };
}

function loss(p: Problem): number {
  const s = applyComplexInputMap(p.map, p.x, p.layer.channels);
  const psi = stationaryState(p.layer, s, { solver: forwardBackward, solverOptions: forwardOptions }).state;
  let l = 0;
  for (let i = 0; i < psi.length; i++) l += p.g[i] * psi[i] + 0.5 * psi[i] * psi[i];
  return l;
}

function analytic<O>(p: Problem, method: AdjointMethod<O>) {
  const s = applyComplexInputMap(p.map, p.x, p.layer.channels);
  const forward = stationaryState(p.layer, s, { solver: forwardBackward, solverOptions: forwardOptions });
  const cotangent = p.g.map((gi, i) => gi + forward.state[i]);
  const layerGrads = stationaryVjp(p.layer, forward, s, cotangent, method);
  const mapGrads = complexInputMapVjp(p.map, p.x, layerGrads.source, p.layer.channels);
  return { forward, s, layerGrads, mapGrads };
}

/** Central differences of the loss in each parameter group (h = 1e-6). */
function numeric(p: Problem): Record<string, Float64Array> {
  const { layer, map } = p;
  const fd = (values: Float64Array, rebuild: (v: Float64Array) => Problem) =>
    finiteDifferenceGradient((v) => loss(rebuild(v)), values.slice(), 1e-6);
  const out: Record<string, Float64Array> = {
    weights: fd(Float64Array.from(layer.graph.weights), (w) => ({ ...p, layer: { ...layer, graph: withWeights(layer.graph, w) } })),
    onsite: fd(Float64Array.from(layer.onsite!), (v) => ({ ...p, layer: { ...layer, onsite: v } })),
    kappa: fd(Float64Array.of(layer.kappa), (k) => ({ ...p, layer: { ...layer, kappa: k[0] } })),
    sRe: fd(Float64Array.from(map.sRe), (v) => ({ ...p, map: { ...map, sRe: v } })),
    sIm: fd(Float64Array.from(map.sIm), (v) => ({ ...p, map: { ...map, sIm: v } })),
    bias: fd(Float64Array.from(map.bias), (v) => ({ ...p, map: { ...map, bias: v } })),
    x: fd(p.x, (v) => ({ ...p, x: v })),
  };
  if (layer.potential.strength !== undefined) {
    out.strength = fd(Float64Array.of(layer.potential.strength), (b) => ({
      ...p,
      layer: { ...layer, potential: layer.potential.withStrength!(b[0]) },
    }));
  }
  return out;
}

function expectGradientsMatch<O>(p: Problem, method: AdjointMethod<O>, tol = 1e-5): void {
  const { layerGrads, mapGrads } = analytic(p, method);
  const fd = numeric(p);
  const ours: Record<string, ArrayLike<number>> = {
    weights: layerGrads.weights,
    onsite: layerGrads.onsite,
    kappa: [layerGrads.kappa],
    sRe: mapGrads.sRe,
    sIm: mapGrads.sIm,
    bias: mapGrads.bias,
    x: mapGrads.x,
  };
  if (fd.strength) ours.strength = [layerGrads.strength!];
  for (const key of Object.keys(fd)) {
    const largest = Math.max(...Array.from(fd[key], Math.abs));
    if (!(largest > 1e-5)) throw new Error(`${key}: gradient ${largest} too small for the check to mean anything`);
    const err = maxRelativeError(ours[key], fd[key], 1e-6);
    if (!(err < tol)) throw new Error(`${key}: relative error ${err} ≥ ${tol}: ${Array.from(ours[key])} vs ${Array.from(fd[key])}`);
  }
}

/** min over components of the distance of z* = ψ* − α(Hψ* − s) to the potential's kinks. */
function kinkDistance(p: Problem, kinks: (z: Float64Array, alpha: number) => number): number {
  const { forward, s } = analytic(p, proxAdjoint);
  const op = layerOperator(p.layer, s);
  const z = new Float64Array(s.length);
  op.apply(forward.state, z);
  for (let i = 0; i < z.length; i++) z[i] = forward.state[i] - forward.alpha * (z[i] - s[i]);
  return kinks(z, forward.alpha);
}

describe('stationaryVjp (SPEC 4.5)', () => {
  it('P6: cubic NLS, every parameter (w, V, κ, S_re, S_im, b, x, β) vs finite differences, prox-form adjoint', () => {
    expectGradientsMatch(makeProblem(21, cubicNlsPotential(0.7)), proxAdjoint);
  });

  it('P6: cubic NLS, Hessian-form adjoint (CG on H + ∇²Φ) agrees with the prox form', () => {
    const p = makeProblem(22, cubicNlsPotential(0.7));
    const a = analytic(p, proxAdjoint).layerGrads;
    const b = analytic(p, hessianAdjoint).layerGrads;
    expect(maxRelativeError(a.source, b.source, 1e-8)).toBeLessThan(1e-9);
    expect(maxRelativeError(a.weights, b.weights, 1e-8)).toBeLessThan(1e-9);
    expect(Math.abs(a.strength! - b.strength!)).toBeLessThan(1e-9 * Math.max(1, Math.abs(a.strength!)));
    expectGradientsMatch(p, hessianAdjoint);
  });

  it('P6: ReLU away from kinks, every parameter vs finite differences', () => {
    const p = makeProblem(23, reluPotential());
    expect(kinkDistance(p, (z) => Math.min(...Array.from(z, Math.abs)))).toBeGreaterThan(1e-3);
    expectGradientsMatch(p, proxAdjoint);
  });

  it('P6: modReLU away from kinks, every parameter (with β) vs finite differences', () => {
    const beta = 0.5;
    const p = makeProblem(24, modReluPotential(beta));
    const c = p.layer.channels;
    const distance = kinkDistance(p, (z, alpha) => {
      let d = Infinity;
      for (let base = 0; base < z.length; base += 2 * c) {
        for (let k = 0; k < c; k++) d = Math.min(d, Math.abs(Math.hypot(z[base + k], z[base + c + k]) - alpha * beta));
      }
      return d;
    });
    expect(distance).toBeGreaterThan(1e-3);
    expectGradientsMatch(p, proxAdjoint);
  });

  it('P6: focusing cubic on a stable branch (MINRES adjoint) vs finite differences', () => {
    const p = makeProblem(25, focusingCubicPotential(0.3), 0.15);
    expectGradientsMatch(p, { form: 'hessian', solver: minres, solverOptions: { tol: 1e-14, maxIter: 2000 } });
  });

  it('P4: dℓ/dw on two nodes matches the hand derivative −Σ(s₁ − s₂)(g₁ − g₂)/(κ + 2w)²', () => {
    const w = 0.6;
    const kappa = 1.1;
    const graph = weightedGraph({ nodes: 2, src: [0], dst: [1], weights: Float64Array.of(w), dtype: 'float64' });
    const layer: StationaryLayer = { graph, channels: 1, kappa, potential: zeroPotential() };
    const s = Float64Array.of(0.7, 0.2, -0.5, 0.4);
    const g = Float64Array.of(0.3, -1.2, 0.8, 0.5);
    const forward = stationaryState(layer, s, { solver: forwardBackward, solverOptions: forwardOptions });
    const grads = stationaryVjp(layer, forward, s, g, proxAdjoint);
    let expected = 0;
    for (let part = 0; part < 2; part++) expected -= ((s[part] - s[2 + part]) * (g[part] - g[2 + part])) / (kappa + 2 * w) ** 2;
    expect(Math.abs(grads.weights[0] - expected)).toBeLessThan(1e-12);
  });

  it('keeps nothing of the iterations: retained bytes do not grow with the iteration count', () => {
    const p = makeProblem(26, cubicNlsPotential(0.7));
    const s = applyComplexInputMap(p.map, p.x, p.layer.channels);
    const bytes = (tol: number) => {
      const forward = stationaryState(p.layer, s, { solver: forwardBackward, solverOptions: { tol, maxIter: 20000 } });
      const grads = stationaryVjp(p.layer, forward, s, p.g, {
        form: 'prox',
        solver: anderson,
        solverOptions: { tol, maxIter: 20000 },
      });
      const arrays = [forward.state, grads.source, grads.weights, grads.onsite];
      return { iterations: forward.iterations, bytes: arrays.reduce((b, a) => b + a.byteLength, 0) };
    };
    const loose = bytes(1e-3);
    const tight = bytes(1e-14);
    expect(tight.iterations).toBeGreaterThan(5 * loose.iterations);
    expect(tight.bytes).toBe(loose.bytes);
    expect(tight.bytes).toBe(8 * (2 * s.length + p.layer.graph.src.length + p.layer.graph.nodes));
  });
});
