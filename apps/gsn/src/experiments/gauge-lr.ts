import { join } from 'node:path';
import {
  hardGaugeFix,
  hiddenNeurons,
  imbalances,
  initMlp,
  logImbalances,
  measureToyThreshold,
  mlpForward,
  mlpLossAndGradient,
  mlpNormBalancingPenalty,
  rescaleNeurons,
  toyStabilityLimit,
  type MlpSpec,
} from '@gsn/gauge';
import { lineChartSvg, writeFileAtomic, type Series } from '@gsn/plot';
import { createRng } from '@gsn/tensor';
import type { Experiment } from './experiment';

/*
 * Paper 003, protocol X1/X2 (SPEC §3.4) at a size that runs in well under two minutes on 2 cores:
 * teacher-student regression (d = 10, N = 128, teacher = random ReLU MLP [10, 16, 1]), students
 * [10, 64, 1] and [10, 32, 32, 1] (ReLU, He init), every hidden neuron rescaled by α ∈ {1, 4, 16}
 * (w_in·α, w_out/α: same function, imbalanced representative), full-batch GD on L + Ω_λ.
 * Stable (the definition used throughout): over T = 200 steps every data loss L(θ_t) is finite
 * and < 1e3·L(θ_0). lr_max = the largest stable learning rate on the grid 10^(k/4), found per seed
 * scanning down from the top (unstable runs stop early, so this costs about one stable run).
 */

export const GAUGE_LR_CONFIG = Object.freeze({
  inputDim: 10,
  samples: 128,
  teacher: [10, 16, 1] as readonly number[],
  students: [
    [10, 64, 1],
    [10, 32, 32, 1],
  ] as readonly (readonly number[])[],
  alphas: [1, 4, 16] as readonly number[],
  lambdas: [0, 1e-3, 1e-2, 1e-1, 1] as readonly number[],
  seeds: [1, 2, 3] as readonly number[],
  steps: 200,
  /** Grid exponents k: η = 10^(k/4), k = −20 … 2 (1e-5 … ≈3.2). */
  gridMin: -20,
  gridMax: 2,
  divergenceFactor: 1e3,
});

interface Problem {
  readonly spec: MlpSpec;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly theta0: Float64Array;
}

function makeProblem(sizes: readonly number[], alpha: number, seed: number): Problem {
  const c = GAUGE_LR_CONFIG;
  const rng = createRng(1000 + seed);
  const teacherSpec: MlpSpec = { sizes: c.teacher, activation: 'relu' };
  const teacher = initMlp(teacherSpec, rng);
  const x = Float64Array.from({ length: c.samples * c.inputDim }, () => rng.normal());
  const y = mlpForward(teacherSpec, teacher, x, c.samples);
  const spec: MlpSpec = { sizes, activation: 'relu' };
  const balanced = initMlp(spec, rng);
  const theta0 = rescaleNeurons(spec, balanced, new Float64Array(hiddenNeurons(spec).length).fill(Math.log(alpha)));
  return { spec, x, y, theta0 };
}

interface RunResult {
  readonly stable: boolean;
  readonly finalLoss: number;
  readonly theta: Float64Array;
  /** Every `every` steps: [step, mean_j |δ_j|, Σ_j Δ_j², L]. */
  readonly trace: number[][];
}

function train(p: Problem, lr: number, lambda: number, steps: number, every = 0): RunResult {
  const n = GAUGE_LR_CONFIG.samples;
  const theta = Float64Array.from(p.theta0);
  const trace: number[][] = [];
  let loss0 = NaN;
  for (let t = 0; ; t++) {
    const { loss, grad } = mlpLossAndGradient(p.spec, theta, p.x, p.y, n);
    if (t === 0) loss0 = loss;
    if (every > 0 && t % every === 0) {
      const delta = imbalances(p.spec, theta);
      const logs = logImbalances(p.spec, theta);
      trace.push([t, logs.reduce((s, v) => s + Math.abs(v), 0) / logs.length, delta.reduce((s, v) => s + v * v, 0), loss]);
    }
    if (!(loss < GAUGE_LR_CONFIG.divergenceFactor * loss0)) return { stable: false, finalLoss: loss, theta, trace };
    if (t === steps) return { stable: true, finalLoss: loss, theta, trace };
    if (lambda > 0) {
      const pen = mlpNormBalancingPenalty(p.spec, theta, lambda).grad;
      for (let i = 0; i < grad.length; i++) grad[i] += pen[i];
    }
    for (let i = 0; i < theta.length; i++) theta[i] -= lr * grad[i];
  }
}

const gridLr = (k: number) => 10 ** (k / 4);

/** Largest stable grid learning rate for one seed (scan from the top), with the final loss there. */
function lrMax(p: Problem, lambda: number): { lr: number; finalLoss: number; theta: Float64Array } {
  const c = GAUGE_LR_CONFIG;
  for (let k = c.gridMax; k >= c.gridMin; k--) {
    const r = train(p, gridLr(k), lambda, c.steps);
    if (r.stable) return { lr: gridLr(k), finalLoss: r.finalLoss, theta: r.theta };
  }
  return { lr: 0, finalLoss: NaN, theta: p.theta0 };
}

function relativeChange(a: Float64Array, b: Float64Array): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return num / den;
}

export async function runGaugeLr(out: string): Promise<Record<string, unknown>> {
  const c = GAUGE_LR_CONFIG;
  const table: Record<string, unknown>[] = [];
  const series: Series[] = [];
  let functionChangeMax = 0;
  const lrMaxOf = new Map<string, number>();
  for (const sizes of c.students) {
    const arch = `[${sizes.join(',')}]`;
    for (const lambda of c.lambdas) {
      const ys: number[] = [];
      for (const alpha of c.alphas) {
        const perSeed = c.seeds.map((seed) => {
          const p = makeProblem(sizes, alpha, seed);
          const r = lrMax(p, lambda);
          // X3 / hard gauge fix: balancing the imbalanced initial model and the trained one keeps outputs.
          for (const theta of [p.theta0, r.theta]) {
            const fixed = hardGaugeFix(p.spec, theta).theta;
            functionChangeMax = Math.max(functionChangeMax, relativeChange(mlpForward(p.spec, fixed, p.x, c.samples), mlpForward(p.spec, theta, p.x, c.samples)));
          }
          return r;
        });
        const lr = Math.min(...perSeed.map((r) => r.lr));
        lrMaxOf.set(`${arch}|${lambda}|${alpha}`, lr);
        ys.push(lr);
        table.push({
          student: arch,
          alpha,
          lambda,
          lr_max: lr,
          lr_max_per_seed: perSeed.map((r) => r.lr),
          final_loss_at_lr_max: perSeed.map((r) => r.finalLoss),
        });
      }
      series.push({ name: `${arch} λ=${lambda}`, x: [...c.alphas], y: ys });
    }
  }
  const ratios = c.students.map((sizes) => {
    const arch = `[${sizes.join(',')}]`;
    const unbalanced = lrMaxOf.get(`${arch}|0|16`)!;
    const best = c.lambdas.filter((l) => l > 0).reduce((b, l) => (lrMaxOf.get(`${arch}|${l}|16`)! > lrMaxOf.get(`${arch}|${b}|16`)! ? l : b), c.lambdas[1]);
    const balanced = lrMaxOf.get(`${arch}|${best}|16`)!;
    // The same ratio restricted to SPEC's λ grid {1e-3, 1e-2, 1e-1} (λ = 1 is our addition).
    const specBest = Math.max(...[1e-3, 1e-2, 1e-1].map((l) => lrMaxOf.get(`${arch}|${l}|16`)!));
    return {
      student: arch,
      lr_max_unbalanced: unbalanced,
      lr_max_balanced: balanced,
      lambda_best: best,
      ratio: balanced / unbalanced,
      ratio_spec_lambdas: specBest / unbalanced,
    };
  });

  // X2: scale drift over training, 2-layer student at α = 16 and at α = 1, λ = 0 vs λ = λ_best,
  // at the largest learning rate stable for both.
  const drift: Record<string, unknown>[] = [];
  const driftSeries: Series[] = [];
  const sizes = c.students[0];
  const arch = `[${sizes.join(',')}]`;
  const lambdaBest = ratios[0].lambda_best;
  for (const alpha of [1, 16]) {
    const lr = Math.min(lrMaxOf.get(`${arch}|0|${alpha}`)!, lrMaxOf.get(`${arch}|${lambdaBest}|${alpha}`)!);
    for (const lambda of [0, lambdaBest]) {
      const p = makeProblem(sizes, alpha, c.seeds[0]);
      const r = train(p, lr, lambda, 400, 10);
      const tr = r.trace;
      driftSeries.push({ name: `α=${alpha} λ=${lambda} Σ Δ²`, x: tr.map((v) => v[0]), y: tr.map((v) => v[2]) });
      drift.push({
        alpha,
        lambda,
        lr,
        mean_abs_delta_start: tr[0][1],
        mean_abs_delta_end: tr[tr.length - 1][1],
        sum_delta_sq_start: tr[0][2],
        sum_delta_sq_end: tr[tr.length - 1][2],
        loss_end: tr[tr.length - 1][3],
      });
    }
  }
  // G6 on the scalar toy model: measured vs predicted threshold 2/(u² + v²) at (u, v) = (a, 1/a).
  const toy = [1, 2, 4].map((a) => ({ alpha: a, measured: measureToyThreshold(a, 1 / a), predicted: toyStabilityLimit(a, 1 / a) }));

  writeFileAtomic(
    join(out, 'lr-max-vs-imbalance.svg'),
    await lineChartSvg({ title: 'Largest stable learning rate vs initial imbalance α', xLabel: 'α (initial rescaling)', yLabel: 'lr_max', series, logX: true, logY: true }),
  );
  writeFileAtomic(
    join(out, 'scale-drift.svg'),
    await lineChartSvg({ title: `Scale drift Σ_j Δ_j² over GD, student ${arch}`, xLabel: 'step', yLabel: 'Σ Δ²', series: driftSeries, logY: true }),
  );
  const main = ratios[0];
  return {
    protocol: 'SPEC 003 X1/X2 (teacher-student regression, full-batch GD, stable = L finite and < 1e3 L_0 for 200 steps)',
    lr_max_unbalanced: main.lr_max_unbalanced,
    lr_max_balanced: main.lr_max_balanced,
    lambda_best: main.lambda_best,
    ratio: main.ratio,
    ratio_spec_lambdas: main.ratio_spec_lambdas,
    goal_ratio_at_alpha16: 2,
    ratios,
    function_change_max: functionChangeMax,
    lr_grid: `10^(k/4), k = ${c.gridMin}..${c.gridMax}`,
    seeds: c.seeds.length,
    table,
    drift,
    toy_threshold: toy,
  };
}

export const gaugeLrExperiment: Experiment = {
  name: 'gauge-lr',
  summary: 'paper 003: largest stable learning rate with/without norm balancing vs initial imbalance; scale drift',
  run: ({ out }) => runGaugeLr(out),
};
