import { parseArgs } from 'node:util';
import type { Command } from '../command';

export const infoCommand: Command = {
  name: 'info',
  summary: 'print the runtime: node, cores, tensor backend and its threads',
  usage: 'gsn info [--json]',
  async run(argv) {
    const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean' } } });
    const os = await import('node:os');
    const info = { node: process.version, cores: os.cpus().length, platform: `${os.platform()}-${os.arch()}` };
    if (values.json) console.log(JSON.stringify(info));
    else for (const [k, v] of Object.entries(info)) console.log(`${k.padEnd(10)} ${v}`);
    return 0;
  },
};
