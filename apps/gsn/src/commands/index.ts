import type { Command } from '../command';
import { infoCommand } from './info';

/** Every subcommand, in the order `gsn help` lists them. */
export const COMMANDS: readonly Command[] = [infoCommand];
