/**
 * `npm run bench -- supragraph [--layers 4] [--channels 4] [--tol 1e-8] [--mu 1000]`
 *
 * Solving a multilayer graph-stationary network on Cora (every layer on Cora's graph, weights
 * uniform in [0.5, 1.5), κ = 1, cubic NLS potential, complex sparse couplings S_ℓ on the
 * diagonal and Cora's edges with ‖S_ℓ‖₂ = 0.8) three ways, in float64, to the same relative
 * tolerance:
 *   layerwise  forward substitution, one forward–backward solve per layer (the baseline),
 *   global     one forward–backward iteration on all layers at once (exact system M),
 *   penalized  the same on the penalised system M_μ (all layers updated together),
 * each without and with Anderson acceleration, all with the step α = 2/(κ_min + Λ_max).
 * One JSON line per figure: time of one call,
 * iterations to tolerance (layerwise: summed over layers; global: sweeps over all layers),
 * time ratio against layerwise (same acceleration, same run) and the error against it.
 */
import { parseArgs } from 'node:util';
import { createRng, type Real } from '@gsn/tensor';
import { loadDataset, weightedGraph } from '@gsn/graph';
import { forwardBackward, type Acceleration, type ForwardBackwardOptions } from '@gsn/solvers';
import { cubicNlsPotential } from '@gsn/stationary';
import {
  assembleSupraGraph,
  couplingNorm,
  forwardSubstitution,
  globalConditions,
  globalForwardBackward,
  penalizedForwardBackward,
  supraOperator,
  type Coupling,
  type MultilayerNetwork,
} from '@gsn/supragraph';
import { printFigure, round, timeMs } from './harness';

const BENCH = 'supragraph';

function coraNetwork(layers: number, channels: number): MultilayerNetwork {
  const cora = loadDataset('cora').graph;
  const rng = createRng(2024);
  const n = cora.nodes;
  const potential = cubicNlsPotential(0.5);
  const netLayers = [];
  const couplings: Coupling[] = [];
  for (let l = 0; l < layers; l++) {
    const weights = Float64Array.from(cora.src, () => 0.5 + rng.next());
    const graph = weightedGraph({ nodes: n, src: cora.src, dst: cora.dst, weights, dtype: 'float64' });
    netLayers.push({ graph, channels, kappa: 1, potential });
    const rows: number[] = [];
    const cols: number[] = [];
    for (let i = 0; i < n; i++) {
      rows.push(i);
      cols.push(i);
    }
    for (let e = 0; e < cora.src.length; e++) {
      rows.push(cora.src[e], cora.dst[e]);
      cols.push(cora.dst[e], cora.src[e]);
    }
    const s: Coupling = {
      nOut: n,
      nIn: n,
      rows: Int32Array.from(rows),
      cols: Int32Array.from(cols),
      re: Float64Array.from(rows, () => rng.normal()),
      im: Float64Array.from(rows, () => rng.normal()),
      bias: Float64Array.from({ length: n * 2 * channels }, () => 2 * rng.next() - 1),
    };
    const scale = 0.8 / couplingNorm(s, 1e-6);
    for (let k = 0; k < rows.length; k++) {
      s.re[k] *= scale;
      s.im[k] *= scale;
    }
    couplings.push(s);
  }
  return { inputNodes: n, channels, layers: netLayers, couplings };
}

function relativeError(a: Real, b: Real): number {
  let d = 0;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    d += (a[i] - b[i]) ** 2;
    m += b[i] ** 2;
  }
  return Math.sqrt(d / m);
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      layers: { type: 'string', default: '4' },
      channels: { type: 'string', default: '4' },
      tol: { type: 'string', default: '1e-8' },
      mu: { type: 'string', default: '1000' },
    },
  });
  const layers = Number(values.layers);
  const channels = Number(values.channels);
  const tol = Number(values.tol);
  const mu = Number(values.mu);
  const net = coraNetwork(layers, channels);
  const rng = createRng(7);
  const x = Float64Array.from({ length: net.inputNodes * 2 * channels }, () => 2 * rng.next() - 1);

  const assembly = timeMs(() => assembleSupraGraph(net), { warmup: 1, minReps: 3, minTotalMs: 200 });
  const supra = assembleSupraGraph(net);
  const exactOp = supraOperator(supra);
  const penalizedOp = supraOperator(supra, mu);
  printFigure(BENCH, {
    figure: 'assembly',
    nodes: supra.nodes,
    intraEdges: supra.intra.src.length,
    interEdges: supra.inter.src.length,
    operatorNnz: exactOp.re.rowPtr[supra.nodes],
    ms: assembly.ms,
  });
  // Same step for every method: α = 2/(κ_min + Λ_max), the global default.
  const conditions = globalConditions(net);
  const alpha = 2 / (conditions.kappaMin + conditions.lambdaMax);
  for (const acceleration of ['none', 'anderson'] as Acceleration[]) {
    const solverOptions: Partial<ForwardBackwardOptions> = { tol, maxIter: 20000, acceleration };
    // Solves take seconds: one timed call each.
    const reference = once(() => forwardSubstitution(net, x, { solver: forwardBackward, solverOptions, alpha }));
    const runs = [
      { method: 'layerwise', ...reference },
      { method: 'global', ...once(() => globalForwardBackward(supra, x, { solverOptions, operator: exactOp })) },
      { method: 'penalized', mu, ...once(() => penalizedForwardBackward(supra, x, mu, { solverOptions, operator: penalizedOp })) },
    ];
    for (const { ms, result, ...rest } of runs) {
      printFigure(BENCH, {
        figure: 'solve',
        acceleration,
        ...rest,
        iterations: result.iterations,
        layers,
        channels,
        tol,
        ms,
        ratioVsLayerwise: round(ms / reference.ms),
        errorVsLayerwise: round(relativeError(result.state, reference.result.state)),
      });
    }
  }
  return 0;
}

/** One call and its wall time in milliseconds. */
function once<T>(fn: () => T): { ms: number; result: T } {
  const t0 = performance.now();
  const result = fn();
  return { ms: round(performance.now() - t0), result };
}
