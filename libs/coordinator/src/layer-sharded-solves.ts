import { createShardedOperator, SHARDED_OPERATOR_DEFAULTS, type ShardWorkerApi, type WorkerPool } from '@gsn/distributed';
import type { WeightedGraph } from '@gsn/graph';
import { ANDERSON_DEFAULTS, FORWARD_BACKWARD_DEFAULTS } from '@gsn/solvers';
import type { Potential } from '@gsn/stationary';
import {
  applySupraOperator,
  applySupraOperatorAdjoint,
  assembleNetworkGradients,
  assembleSupraGraph,
  disassembleLayerSupraGraph,
  globalConditions,
  globalSource,
  layerCount,
  supraOperator,
  type ChannelCoupling,
  type SupraOperator,
} from '@gsn/supragraph';
import { InvalidArgumentError, realArray, ShapeError, type Real } from '@gsn/tensor';
import type { GlobalSolves } from '@gsn/train';
import { checkedSolve, servedSolveOptions, WORKER_PROX } from './sharded-layer-op';
import type { ServedSchrodingerOptions } from './sharded-schrodinger';
import { supraRowMatrix, transposeEntries } from './supra-row-matrix';

/** The penalised global solves of L layers served by workers that each own a block of whole layers. */
export interface ServedSupraSolves {
  readonly solves: GlobalSolves;
  /** First flattened row of each part (part p owns the layers whose rows lie in [rowStart[p], rowStart[p+1])). */
  readonly rowStart: Int32Array;
  /** Distinct rows each part reads from the others per product: the layer interfaces. */
  readonly halo: Int32Array;
  /** Releases the workers and forgets the shard; resolves with the number of commands served. */
  dispose(): Promise<number>;
}

/**
 * Part of each flattened row (`supraRowMatrix`) when `parts` workers own contiguous blocks of
 * whole layers: layer l goes to part ⌊l·parts/L⌋ (balanced to one layer).
 */
export function layerPartition(offsets: Int32Array, width: number, parts: number): Int32Array {
  const L = offsets.length - 1;
  if (!(Number.isInteger(parts) && parts >= 1 && parts <= L)) {
    throw new InvalidArgumentError(`layerPartition: ${parts} parts for ${L} layers; each part needs at least one whole layer`);
  }
  const part = new Int32Array(offsets[L] * width);
  for (let l = 0; l < L; l++) part.fill(Math.floor((l * parts) / L), offsets[l] * width, offsets[l + 1] * width);
  return part;
}

/**
 * `GlobalSolves` for the penalised stationary stack (`globalStationaryOp` with finite μ) on
 * `structure`, layer-parallel: the supra-operator M_μ, its channel couplings included, is one
 * scalar CSR on the flattened state (`supraRowMatrix`); part p of the pool owns the rows of a
 * contiguous block of layers (`layerPartition`), so the halo each iteration is the interface
 * layers' states, read straight from shared memory. Both solves run whole inside the workers
 * (`forwardSolve` / `adjointSolve` of @gsn/distributed: Anderson-accelerated forward-backward and
 * the prox-form adjoint, the same algorithms and options as `penalizedForwardBackward` and
 * `globalVjp` on this thread). Each call loads its operator's values first (K for the forward
 * solve, Kᵀ in the same pattern for the adjoint); gradients are formed from (Ψ*, λ) by
 * `assembleNetworkGradients`, as `globalVjp` forms them. Potentials: those whose prox the
 * workers apply (relu, zero), which have no strength parameter.
 */
export async function servedSupraSolves(
  pool: WorkerPool<ShardWorkerApi>,
  structure: WeightedGraph,
  layers: number,
  channels: number,
  penalty: number,
  potential: Potential,
  options: Pick<ServedSchrodingerOptions, 'parts' | 'barrierTimeoutMs'> = {},
): Promise<ServedSupraSolves> {
  const name = 'servedSupraSolves';
  if (!(penalty > 0 && Number.isFinite(penalty))) throw new InvalidArgumentError(`${name}: the layer-parallel solve needs a finite penalty μ > 0, got ${penalty}`);
  const prox = WORKER_PROX[potential.name];
  if (!prox) throw new InvalidArgumentError(`${name}: potential '${potential.name}' has no prox the workers apply (${Object.keys(WORKER_PROX).join(', ')})`);
  const parts = options.parts ?? pool.size;
  const template = supraRowMatrix(templateOperator(structure, layers, channels, penalty, potential));
  const pattern = template.matrix;
  const transpose = transposeEntries(pattern);
  const part = layerPartition(template.offsets, 2 * channels, parts);
  const barrierTimeoutMs = options.barrierTimeoutMs ?? SHARDED_OPERATOR_DEFAULTS.barrierTimeoutMs;
  const sharded = await createShardedOperator(pool, pattern, part, { parts, columns: 1, barrierTimeoutMs });
  const served = sharded.serve();
  const inPrecision = (x: Real): Real => realArray(template.dtype, x.length).map((_, i) => x[i]) as Real;
  const transposed = realArray(template.dtype, transpose.length);
  const load = (op: SupraOperator, adjoint: boolean): void => {
    const { values, rowPtr, colIdx } = supraRowMatrix(op).matrix;
    if (values.length !== pattern.values.length || rowPtr.some((v, i) => v !== pattern.rowPtr[i]) || colIdx.some((v, i) => v !== pattern.colIdx[i])) {
      throw new ShapeError(`${name}: the operator's pattern differs from the served one (another structure, layer count or channels?)`);
    }
    if (!adjoint) return served.setValues(values);
    for (let m = 0; m < transpose.length; m++) transposed[m] = values[transpose[m]];
    served.setValues(transposed);
  };
  const solves: GlobalSolves = {
    forward(supra, operator, x, solveOptions) {
      checkOperator(operator, penalty);
      const o = { ...FORWARD_BACKWARD_DEFAULTS, ...solveOptions.solverOptions };
      if (o.acceleration !== 'anderson') throw new InvalidArgumentError(`${name}: the served forward solve is Anderson-accelerated; got acceleration '${o.acceleration}'`);
      const conditions = globalConditions(disassembleLayerSupraGraph(supra));
      const alpha = solveOptions.alpha ?? 2 / (conditions.kappaMin + conditions.lambdaMax);
      const source = globalSource(supra, x);
      load(operator, false);
      const r = checkedSolve(name, 'forward', o.throwOnFail, served.forwardSolve(inPrecision(source), solveOptions.z0 && inPrecision(solveOptions.z0), 1, servedSolveOptions(o, alpha, prox)));
      return { ...r, reason: r.converged ? 'converged' : 'maxIter', alpha, source, conditions };
    },
    vjp(supra, operator, x, point, g, config) {
      checkOperator(operator, penalty);
      const o = { ...ANDERSON_DEFAULTS, ...config.adjoint };
      const { state, alpha, source } = point;
      // The workers hold Kᵀ and form z* = ψ − α(Kᵀψ − s′) for the prox's Jacobian; with
      // s′ = s + Kᵀψ − Kψ that is z* = ψ − α(Kψ − s), the point of the penalised solve.
      const product = realArray(template.dtype, state.length);
      const shifted = inPrecision(source);
      applySupraOperator(operator, state, product);
      for (let i = 0; i < product.length; i++) shifted[i] -= product[i];
      applySupraOperatorAdjoint(operator, state, product);
      for (let i = 0; i < product.length; i++) shifted[i] += product[i];
      load(operator, true);
      const r = checkedSolve(name, 'adjoint', o.throwOnFail, served.adjointSolve(shifted, inPrecision(state), inPrecision(g), 1, servedSolveOptions(o, alpha, prox)));
      const strengths = Array.from({ length: layerCount(supra) }, () => undefined);
      return assembleNetworkGradients(disassembleLayerSupraGraph(supra), x, state, r.state, strengths, penalty, r.iterations);
    },
  };
  return {
    solves,
    rowStart: sharded.plan.rowStart,
    halo: sharded.plan.halo,
    async dispose() {
      const commands = await served.stop();
      await sharded.dispose();
      return commands;
    },
  };
}

function checkOperator(operator: SupraOperator, penalty: number): void {
  if (operator.penalty !== penalty) throw new InvalidArgumentError(`servedSupraSolves: operator has penalty ${operator.penalty}, the served one ${penalty}`);
}

/** M_μ of an L-layer stack on `structure` with full channel couplings: the pattern every step shares. */
function templateOperator(structure: WeightedGraph, layers: number, channels: number, penalty: number, potential: Potential): SupraOperator {
  const n = structure.nodes;
  const width = 2 * channels;
  const couplings: ChannelCoupling[] = Array.from({ length: layers }, () => ({
    kind: 'channel',
    nOut: n,
    nIn: n,
    weight: new Float32Array(width * width).fill(1),
    bias: new Float32Array(n * width),
  }));
  const layer = { graph: structure, channels, kappa: 1, potential };
  return supraOperator(assembleSupraGraph({ inputNodes: n, channels, layers: couplings.map(() => layer), couplings }), penalty);
}
