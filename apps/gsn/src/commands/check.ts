import { parseArgs } from 'node:util';
import { createRng } from '@gsn/tensor';
import { randomState, ringChordRoom } from '@gsn/stationary/testing';
import { checkSupragraph, layerOffsets, randomNetwork } from '@gsn/supragraph';
import type { Command } from '../command';
import { optionalPositiveInt } from '../flag-numbers';

/** Tolerances of SPEC P7/P8: exact parts at 1e-10, penalty slopes −1 ± 0.1. */
const EXACT_TOL = 1e-10;
const SLOPE_TOL = 0.1;
const MUS = [1e1, 1e2, 1e3, 1e4, 1e5, 1e6];

/**
 * `gsn check supragraph`: on a random 3-layer network on random graphs (cubic NLS potential,
 * complex sparse couplings), compares the exact global solves and the global adjoint with the
 * layer-by-layer pass, and sweeps the penalty μ = 10 … 10⁶ of the penalised relaxation.
 */
async function checkSupragraphCommand(values: { json?: boolean; seed?: string; nodes?: string }): Promise<number> {
  const seed = optionalPositiveInt('seed', values.seed, 1);
  const nodes = optionalPositiveInt('nodes', values.nodes, 12);
  const rng = createRng(seed);
  const net = randomNetwork(rng, { layers: 3, nodes, chords: Math.min(nodes, ringChordRoom(nodes)) });
  const w = 2 * net.channels;
  const N = layerOffsets(net)[net.layers.length];
  const x = randomState(rng, net.inputNodes * w);
  // Loss ℓ(Ψ) = ⟨g, ψ_L⟩: reads the last layer only.
  const g = new Float64Array(N * w);
  g.set(randomState(rng, nodes * w), (N - nodes) * w);
  const psi0 = randomState(rng, N * w, 3);
  const r = checkSupragraph(net, x, g, psi0, MUS);
  const pass =
    r.exactMaxErr < EXACT_TOL &&
    r.adjointMaxErr < EXACT_TOL &&
    Math.abs(r.stateSlope + 1) <= SLOPE_TOL &&
    Math.abs(r.gradSlope + 1) <= SLOPE_TOL;
  const c = r.conditions;
  const lines = [
    `network       3 layers x ${nodes} nodes, ${net.channels} channels, seed ${seed}`,
    `conditions    kappa_min ${c.kappaMin.toFixed(4)}, Lambda_max ${c.lambdaMax.toFixed(4)}, s_max ${c.sMax.toFixed(4)}, mu_0 ${c.mu0.toFixed(4)}`,
    `exact         global FB and block-Jacobi (L sweeps) vs forward substitution: ${r.exactMaxErr.toExponential(2)}`,
    `              block-Jacobi after L-1 sweeps: ${r.jacobiErrBeforeL.toExponential(2)} (must not be exact)`,
    `adjoint       global vs layer-by-layer reverse mode: ${r.adjointMaxErr.toExponential(2)}`,
    `mu            state error   x mu       grad error    x mu       FB iterations`,
    ...r.rows.map(
      (row) =>
        `${row.mu.toExponential(0).padEnd(12)}  ${row.stateError.toExponential(3)}  ${(row.stateError * row.mu).toFixed(4).padEnd(9)}  ` +
        `${row.gradError.toExponential(3)}  ${(row.gradError * row.mu).toFixed(4).padEnd(9)}  ${row.iterations}`,
    ),
    `slopes        state ${r.stateSlope.toFixed(4)}, gradient ${r.gradSlope.toFixed(4)} (expected -1 +- ${SLOPE_TOL})`,
    `result        ${pass ? 'PASS' : 'FAIL'}`,
  ];
  for (const line of lines) console.log(line);
  if (values.json) {
    console.log(
      JSON.stringify({
        check: 'supragraph',
        pass,
        seed,
        nodes,
        exact_max_err: r.exactMaxErr,
        jacobi_err_before_L: r.jacobiErrBeforeL,
        adjoint_max_err: r.adjointMaxErr,
        state_slope: r.stateSlope,
        grad_slope: r.gradSlope,
        mu0: c.mu0,
        kappa_min: c.kappaMin,
        lambda_max: c.lambdaMax,
        s_max: c.sMax,
        rows: r.rows.map((row) => ({ mu: row.mu, state_err: row.stateError, grad_err: row.gradError, iterations: row.iterations })),
      }),
    );
  }
  return pass ? 0 : 1;
}

export const checkCommand: Command = {
  name: 'check',
  summary: 'run a numerical self-check of one part of gsn (supragraph: SPEC P7, P8)',
  usage: 'gsn check supragraph [--seed N] [--nodes N] [--json]',
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, seed: { type: 'string' }, nodes: { type: 'string' } },
    });
    if (positionals.length !== 1 || positionals[0] !== 'supragraph') {
      console.error(`usage: ${checkCommand.usage}`);
      return 2;
    }
    return checkSupragraphCommand(values);
  },
};
