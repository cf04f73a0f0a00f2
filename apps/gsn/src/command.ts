/** One `gsn <name>` subcommand. `run` gets the arguments after the name and returns an exit code. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  run(argv: string[]): Promise<number>;
}
