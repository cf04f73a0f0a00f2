import { join } from 'node:path';
import {
  effectiveCurvature,
  leastSquaresQuotient,
  quotientMatrix,
  quotientRepresentative,
  rescaleUnits,
  shallowLoss,
  spectrumSummary,
  targetsWithCriticalPoint,
  type ShallowSpec,
} from '@gsn/quotient';
import { barChartSvg, lineChartSvg, writeFileAtomic, type Series } from '@gsn/plot';
import { createRng, symmetricEigen, type Rng } from '@gsn/tensor';
import type { Experiment } from './experiment';

/*
 * Paper 001, protocols Y1 and Y3 (SPEC §1.5), quadratic network f = Σ a_i (w_iᵀx)².
 * Y1: at a critical point θ* of the empirical loss, move along the rescaling orbit
 * (a, W) → (α⁻²a, αW), α ∈ [0.1, 10], and record the ambient Hessian (trace, λ_max), the
 * symmetry-reduced Hessian in the Euclidean horizontal metric, and both effective curvatures
 * (κ₁: realisation metric JᵀJ/N, κ₂: Frobenius metric of Q). Two critical points:
 *  (a) m = d = 6, N = 200, noisy targets from a rank-2 Q*: the least-squares minimiser (closed form in
 *      Q, factored by eigen-decomposition) — the global minimum that training reaches for m ≥ d;
 *  (b) m = 3 < d = 6 (rank-constrained quotient), N = 200: targets built so that a random θ is an
 *      exact non-interpolating critical point (residual in ker Jᵀ), where κ₁ is not trivially 1.
 * Y3: underdetermined N = 12 < d(d+1)/2 = 21, Q* rank 2: GD from several small random inits and
 * from rescaled copies of one init; spread of the solutions in θ vs in Q.
 */

const ORBIT = Array.from({ length: 13 }, (_, k) => 10 ** (-1 + k / 6));

function gaussian(rng: Rng, k: number): Float64Array {
  return Float64Array.from({ length: k }, () => rng.normal());
}

/** Targets x_nᵀQ*x_n + noise with Q* = Σ_r c_r u_ru_rᵀ/d, rank 2 (c = 1, 0.5). */
function lowRankTarget(rng: Rng, x: Float64Array, n: number, d: number, noise: number): { y: Float64Array; q: Float64Array } {
  const u = gaussian(rng, 2 * d);
  const q = new Float64Array(d * d);
  for (let r = 0; r < 2; r++) for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) q[i * d + j] += ((r === 0 ? 1 : 0.5) * u[r * d + i] * u[r * d + j]) / d;
  const y = Float64Array.from({ length: n }, (_, s) => {
    let f = 0;
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) f += x[s * d + i] * q[i * d + j] * x[s * d + j];
    return f + noise * rng.normal();
  });
  return { y, q };
}

interface OrbitCurves {
  readonly name: string;
  readonly ambientTrace: number[];
  readonly ambientMax: number[];
  readonly reducedMax: number[];
  readonly kappa1Trace: number[];
  readonly kappa1Max: number[];
  readonly kappa2Trace: number[];
  readonly kappa2Max: number[];
  readonly loss: number[];
  readonly gradNorm: number;
  readonly zeroModes: number;
  readonly verticalDim: number;
}

function orbitCurves(name: string, spec: ShallowSpec, theta: Float64Array, x: Float64Array, y: Float64Array, n: number): OrbitCurves {
  const c: OrbitCurves = { name, ambientTrace: [], ambientMax: [], reducedMax: [], kappa1Trace: [], kappa1Max: [], kappa2Trace: [], kappa2Max: [], loss: [], gradNorm: 0, zeroModes: 0, verticalDim: 0 };
  let gradNorm = 0;
  let zeroModes = Infinity;
  let verticalDim = 0;
  for (const a of ORBIT) {
    const t = rescaleUnits(spec, theta, new Float64Array(spec.m).fill(a));
    const l = shallowLoss(spec, t, x, y, n);
    gradNorm = Math.max(gradNorm, Math.sqrt(l.grad.reduce((s, v) => s + v * v, 0)));
    const k = effectiveCurvature(spec, t, x, y, n);
    const amb = spectrumSummary(k.ambient);
    zeroModes = Math.min(zeroModes, k.ambient.filter((v) => Math.abs(v) <= 1e-8 * Math.max(1, amb.max)).length);
    verticalDim = k.verticalDim;
    c.loss.push(l.loss);
    c.ambientTrace.push(amb.trace);
    c.ambientMax.push(amb.max);
    c.reducedMax.push(spectrumSummary(k.reduced).max);
    c.kappa1Trace.push(spectrumSummary(k.metric).trace);
    c.kappa1Max.push(spectrumSummary(k.metric).max);
    c.kappa2Trace.push(spectrumSummary(k.quotient!).trace);
    c.kappa2Max.push(spectrumSummary(k.quotient!).max);
  }
  return { ...c, gradNorm, zeroModes, verticalDim };
}

const variation = (v: number[]) => Math.max(...v) / Math.min(...v);

function frobenius(a: Float64Array, b?: Float64Array): number {
  return Math.sqrt(a.reduce((s, v, i) => s + (v - (b ? b[i] : 0)) ** 2, 0));
}

function gradientDescent(spec: ShallowSpec, theta0: Float64Array, x: Float64Array, y: Float64Array, n: number, lr: number, steps: number): Float64Array {
  let theta = Float64Array.from(theta0);
  for (let t = 0; t < steps; t++) {
    const { grad } = shallowLoss(spec, theta, x, y, n);
    theta = theta.map((v, i) => v - lr * grad[i]);
  }
  return theta;
}

function spread(points: Float64Array[]): number {
  const scale = points.reduce((s, t) => s + frobenius(t), 0) / points.length;
  let worst = 0;
  for (let i = 0; i < points.length; i++) for (let j = i + 1; j < points.length; j++) worst = Math.max(worst, frobenius(points[i], points[j]) / scale);
  return worst;
}

function implicitBias(rng: Rng) {
  const d = 6;
  const n = 12;
  const spec: ShallowSpec = { m: d, d, activation: 'quadratic' };
  const p = spec.m * (d + 1);
  const x = gaussian(rng, n * d);
  const { y, q: qStar } = lowRankTarget(rng, x, n, d, 0);
  const scale = 0.03;
  const base = gaussian(rng, p).map((v) => scale * v);
  const groups = {
    random: [0, 1, 2, 3].map(() => gaussian(rng, p).map((v) => scale * v)),
    rescaled: [0.7, 1, 1.4].map((a) => rescaleUnits(spec, base, new Float64Array(spec.m).fill(a))),
  };
  const summarise = (inits: Float64Array[]) => {
    const finals = inits.map((t0) => gradientDescent(spec, t0, x, y, n, 0.02, 8000));
    const qs = finals.map((t) => quotientMatrix(spec, t));
    return {
      theta_spread_rel: spread(finals),
      q_spread_rel: spread(qs),
      runs: finals.map((t, i) => {
        const ev = symmetricEigen(qs[i], d).values;
        const top = Math.max(...Array.from(ev, Math.abs));
        return {
          train_loss: shallowLoss(spec, t, x, y, n).loss,
          q_error_rel: frobenius(qs[i], qStar) / frobenius(qStar),
          nuclear_norm: ev.reduce((s, v) => s + Math.abs(v), 0),
          rank_1e_2: ev.filter((v) => Math.abs(v) > 1e-2 * top).length,
        };
      }),
    };
  };
  const starEv = symmetricEigen(qStar, d).values;
  return {
    d,
    n,
    m: spec.m,
    init_scale: scale,
    underdetermined: n < (d * (d + 1)) / 2,
    q_star_nuclear_norm: starEv.reduce((s, v) => s + Math.abs(v), 0),
    random_inits: summarise(groups.random),
    rescaled_representatives: summarise(groups.rescaled),
  };
}

export async function runQuotientCurvature(out: string): Promise<Record<string, unknown>> {
  const rng = createRng(2026);
  const d = 6;
  const n = 200;
  // (a) m = d: least-squares minimiser.
  const specA: ShallowSpec = { m: d, d, activation: 'quadratic' };
  const xA = gaussian(rng, n * d);
  const yA = lowRankTarget(rng, xA, n, d, 0.1).y;
  const thetaA = quotientRepresentative(leastSquaresQuotient(xA, yA, n, d), d, d, false);
  const a = orbitCurves('(a) m=d=6 least-squares minimum', specA, thetaA, xA, yA, n);
  // (b) m = 3 < d: constructed non-interpolating critical point.
  const specB: ShallowSpec = { m: 3, d, activation: 'quadratic' };
  const thetaB = gaussian(rng, specB.m * (d + 1)).map((v) => 0.7 * v);
  const xB = gaussian(rng, n * d);
  const yB = targetsWithCriticalPoint(specB, thetaB, xB, n, gaussian(rng, n));
  const b = orbitCurves('(b) m=3<d=6 rank-constrained critical point', specB, thetaB, xB, yB, n);

  const y3 = implicitBias(rng);

  const cases = [a, b];
  const effectiveVariation = Math.max(...cases.flatMap((c) => [c.kappa1Trace, c.kappa1Max, c.kappa2Trace, c.kappa2Max].map(variation)));
  const series: Series[] = cases.flatMap((c) => {
    const tag = c.name.slice(0, 3);
    return [
      { name: `${tag} ambient tr ∇²L`, x: ORBIT, y: c.ambientTrace },
      { name: `${tag} ambient λ_max`, x: ORBIT, y: c.ambientMax },
      { name: `${tag} reduced λ_max`, x: ORBIT, y: c.reducedMax },
      { name: `${tag} κ₁ max`, x: ORBIT, y: c.kappa1Max },
      { name: `${tag} κ₂ max`, x: ORBIT, y: c.kappa2Max },
    ];
  });
  writeFileAtomic(
    join(out, 'curvature-along-orbit.svg'),
    await lineChartSvg({ title: 'Ambient vs effective curvature (κ₁: JᵀJ/N metric, κ₂: Frobenius on Q) along the orbit', xLabel: 'α (unit rescaling)', yLabel: 'curvature', series, logX: true, logY: true }),
  );
  writeFileAtomic(
    join(out, 'implicit-bias-spread.svg'),
    await barChartSvg({
      title: `Y3: spread of GD solutions (N = ${y3.n} < d(d+1)/2)`,
      xLabel: 'space',
      yLabel: 'max pairwise relative distance',
      bars: [
        { label: 'θ, random inits', value: y3.random_inits.theta_spread_rel },
        { label: 'Q(θ), random inits', value: y3.random_inits.q_spread_rel },
        { label: 'θ, rescaled inits', value: y3.rescaled_representatives.theta_spread_rel },
        { label: 'Q(θ), rescaled inits', value: y3.rescaled_representatives.q_spread_rel },
      ],
    }),
  );
  const summary = (c: OrbitCurves) => ({
    case: c.name,
    grad_norm_max: c.gradNorm,
    loss_variation: variation(c.loss),
    vertical_dim: c.verticalDim,
    ambient_zero_modes_min: c.zeroModes,
    ambient_trace_variation: variation(c.ambientTrace),
    ambient_lambda_max_variation: variation(c.ambientMax),
    reduced_euclidean_lambda_max_variation: variation(c.reducedMax),
    kappa1_trace_variation: variation(c.kappa1Trace),
    kappa1_max_variation: variation(c.kappa1Max),
    kappa1_max: c.kappa1Max[6],
    kappa2_trace_variation: variation(c.kappa2Trace),
    kappa2_max_variation: variation(c.kappa2Max),
    kappa2_max: c.kappa2Max[6],
  });
  return {
    protocol: 'SPEC 001 Y1 (rescaling orbit α ∈ [0.1, 10], 13 points) and Y3 (underdetermined implicit bias)',
    ambient_variation: variation(a.ambientTrace),
    ambient_lambda_max_variation: variation(a.ambientMax),
    effective_variation: effectiveVariation,
    goal_effective_variation: 'within 1e-6 of 1',
    orbit_alpha: [ORBIT[0], ORBIT[ORBIT.length - 1]],
    cases: cases.map(summary),
    implicit_bias: y3,
  };
}

export const quotientCurvatureExperiment: Experiment = {
  name: 'quotient-curvature',
  summary: 'paper 001: ambient Hessian vs effective (quotient) curvature along rescaling orbits; implicit bias in Q',
  run: ({ out }) => runQuotientCurvature(out),
};
