import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { createRng, DataFormatError, InvalidArgumentError } from '@gsn/tensor';
import { compareForms, gsnModelFromJson, randomGsnModel, RANDOM_MODEL_DEFAULTS, type GsnModel } from '@gsn/equivalence';
import type { Command } from '../command';
import { optionalPositiveInt } from '../flag-numbers';

function loadModel(file: string): GsnModel {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new DataFormatError(file, 0, `cannot read: ${(error as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new DataFormatError(file, 0, `not JSON: ${(error as Error).message}`);
  }
  return gsnModelFromJson(data, file);
}

/** `--random`'s network (`randomGsnModel`: rings of `--nodes` nodes with chords). */
function randomModel(seed: number, values: { layers?: string; nodes?: string; channels?: string }): GsnModel {
  const nodes = optionalPositiveInt('nodes', values.nodes, RANDOM_MODEL_DEFAULTS.nodes);
  if (nodes < 3) throw new InvalidArgumentError(`--nodes must be at least 3 (each layer's graph is a cycle), got ${nodes}`);
  return randomGsnModel(createRng(seed), {
    layers: optionalPositiveInt('layers', values.layers, RANDOM_MODEL_DEFAULTS.layers),
    nodes,
    channels: optionalPositiveInt('channels', values.channels, RANDOM_MODEL_DEFAULTS.channels),
  });
}

const fmt = (v: number): string => (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e4 ? v.toExponential(2) : v.toFixed(4));

export const compareCommand: Command = {
  name: 'compare',
  summary: 'convert a network through RFF / GSN / SUP / SHF (and unrolled) and compare outputs, sizes and bounds',
  usage:
    'gsn compare [--model FILE | --random] [--seed N] [--inputs N] [--layers N] [--nodes N] [--channels N] [--json]\n' +
    '  FILE: a GSN model in the JSON form of @gsn/equivalence (gsnModelToJson)',
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        model: { type: 'string' },
        random: { type: 'boolean' },
        json: { type: 'boolean' },
        seed: { type: 'string' },
        inputs: { type: 'string' },
        layers: { type: 'string' },
        nodes: { type: 'string' },
        channels: { type: 'string' },
      },
    });
    if (values.model !== undefined && values.random) {
      console.error(`usage: ${compareCommand.usage}\n--model and --random exclude each other`);
      return 2;
    }
    const seed = optionalPositiveInt('seed', values.seed, 1);
    const model = values.model !== undefined ? loadModel(values.model) : randomModel(seed, values);
    const report = compareForms(model, { seed, inputs: optionalPositiveInt('inputs', values.inputs, 3) });
    if (!values.json) {
      console.log('from            to                conv  max|Δout|   params      Lipschitz          covering bound');
      for (const p of report.pairs) {
        console.log(
          `${p.from.padEnd(15)} ${p.to.padEnd(17)} ${p.conversion.padEnd(5)} ${p.maxAbsDiff.toExponential(2).padEnd(11)} ` +
            `${`${p.parameters[0]}/${p.parameters[1]}`.padEnd(11)} ${`${fmt(p.lipschitz[0])}/${fmt(p.lipschitz[1])}`.padEnd(18)} ` +
            `${fmt(p.covering[0])}/${fmt(p.covering[1])}`,
        );
      }
      const u = report.unrolled;
      console.log(`unrolled C2': errors ${u.errors.map((e, i) => `K=${u.depths[i]}:${e.toExponential(2)}`).join(' ')}`);
      console.log(`unrolled rate ${u.rate.toFixed(4)} (a-priori q ≤ ${u.qBound.toFixed(4)})`);
      console.log(`max |Δout| over exact conversions: ${report.maxAbsDiff.toExponential(2)}`);
      console.log(`non-flat sheaf → GSN: ${report.nonFlat}`);
    }
    const summary = {
      max_abs_diff: report.maxAbsDiff,
      unrolled_rate: report.unrolled.rate,
      unrolled_q_bound: report.unrolled.qBound,
      unrolled_errors: report.unrolled.errors,
      unrolled_depths: report.unrolled.depths,
      pairs: report.pairs.map((p) => ({
        from: p.from,
        to: p.to,
        conversion: p.conversion,
        exact: p.exact,
        max_abs_diff: p.maxAbsDiff,
        parameters: p.parameters,
        lipschitz: p.lipschitz,
        covering_bound: p.covering,
      })),
      non_flat_error: report.nonFlat,
    };
    if (values.json) console.log(JSON.stringify(summary));
    return report.maxAbsDiff <= 1e-10 ? 0 : 1;
  },
};
