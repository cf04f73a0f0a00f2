import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { InvalidArgumentError } from '@gsn/tensor';
import type { Command } from '../command';
import { EXPERIMENTS } from '../experiments';

export const reproduceCommand: Command = {
  name: 'reproduce',
  summary: 'run a paper experiment (plots + result JSON); without a name, list them',
  usage: 'gsn reproduce <name> [--json] [--out DIR]',
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, out: { type: 'string' } },
    });
    const [name] = positionals;
    if (!name) {
      const width = Math.max(...EXPERIMENTS.map((e) => e.name.length));
      for (const e of EXPERIMENTS) console.log(`${e.name.padEnd(width)}  ${e.summary}`);
      return 0;
    }
    const experiment = EXPERIMENTS.find((e) => e.name === name);
    if (!experiment)
      throw new InvalidArgumentError(`unknown experiment '${name}' (known: ${EXPERIMENTS.map((e) => e.name).join(', ')})`);
    const out = values.out ?? join('out', 'reproduce', name);
    const json = values.json ?? false;
    const started = Date.now();
    const result = await experiment.run({ json, out });
    const report = { experiment: name, seconds: (Date.now() - started) / 1000, out, ...result };
    if (json) console.log(JSON.stringify(report));
    else console.log(JSON.stringify(report, null, 2));
    return 0;
  },
};
