/**
 * The error hierarchy of gsn. Tests assert on the class, messages say what and where.
 * Every lib throws one of these, so a caller can tell bad input from a numerical failure.
 */
export class GsnError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A caller passed a value outside its domain (negative tolerance, unknown option, ...). */
export class InvalidArgumentError extends GsnError {}

/** Array shapes or lengths do not fit together. */
export class ShapeError extends GsnError {}

/** An iterative solve did not reach its tolerance, or produced a non-finite value. */
export class ConvergenceError extends GsnError {
  constructor(
    message: string,
    /** Residual history of the failed solve, one entry per iteration. */
    readonly residuals: readonly number[],
  ) {
    super(message);
  }
}

/** Parameters put a layer off a stable branch (its Jacobian is not positive definite). */
export class StabilityError extends GsnError {}

/** A data file is malformed; `file` and `line` (1-based, 0 when not line-specific) say where. */
export class DataFormatError extends GsnError {
  constructor(
    readonly file: string,
    readonly line: number,
    problem: string,
  ) {
    super(line > 0 ? `${file}:${line}: ${problem}` : `${file}: ${problem}`);
  }
}

/** A worker crashed, hung or answered with an error. */
export class WorkerError extends GsnError {
  constructor(
    message: string,
    readonly workerId: number,
    readonly shard?: string,
  ) {
    super(message);
  }
}

/** A requested backend is unknown or cannot be loaded here. */
export class BackendError extends GsnError {}
