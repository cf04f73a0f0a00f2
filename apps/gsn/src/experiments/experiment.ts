/** Options every `gsn reproduce <name>` experiment receives. */
export interface ExperimentOptions {
  /** The caller prints the result as JSON; experiments should then keep stdout free of progress lines. */
  readonly json: boolean;
  /** Folder for plots and other artefacts (created when needed). */
  readonly out: string;
}

/** One reproducible experiment: `run` writes its plots under `out` and returns a JSON-serialisable result. */
export interface Experiment {
  readonly name: string;
  readonly summary: string;
  run(options: ExperimentOptions): Promise<Record<string, unknown>>;
}
