import type { Command } from '../command';
import { checkCommand } from './check';
import { compareCommand } from './compare';
import { dataCommand } from './data';
import { graphCommand } from './graph';
import { infoCommand } from './info';
import { reproduceCommand } from './reproduce';
import { trainCommand } from './train';

/** Every subcommand, in the order `gsn help` lists them. */
export const COMMANDS: readonly Command[] = [infoCommand, dataCommand, trainCommand, graphCommand, reproduceCommand, checkCommand, compareCommand];
