import { parseArgs } from 'node:util';
import { BACKEND_NAMES, InvalidArgumentError, type BackendName } from '@gsn/tensor';

export const MODEL_NAMES = ['stationary', 'gcn', 'mlp'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

/** Which runs `gsn train` makes: every Geom-GCN split, a range of them, or the planetoid split. */
export type SplitSelection =
  | { readonly kind: 'all' }
  | { readonly kind: 'range'; readonly from: number; readonly to: number }
  | { readonly kind: 'planetoid'; readonly seeds: number };

export interface TrainArgs {
  readonly data: string;
  readonly model: ModelName;
  readonly splits: SplitSelection;
  readonly epochs?: number;
  readonly patience?: number;
  readonly seed: number;
  readonly backend?: BackendName;
  readonly layers?: number;
  readonly channels?: number;
  readonly json: boolean;
}

function nonNegativeInt(flag: string, text: string): number {
  if (!/^\d+$/.test(text)) throw new InvalidArgumentError(`--${flag} must be a non-negative integer, got '${text}'`);
  return Number(text);
}

function positiveInt(flag: string, text: string): number {
  const v = nonNegativeInt(flag, text);
  if (v === 0) throw new InvalidArgumentError(`--${flag} must be positive, got '${text}'`);
  return v;
}

/** `all` | `K` | `A-B` (inclusive) | `planetoid` (the planetoid split, 10 seeds, as peer.py). */
export function parseSplits(text: string): SplitSelection {
  if (text === 'all') return { kind: 'all' };
  if (text === 'planetoid') return { kind: 'planetoid', seeds: 10 };
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!m) throw new InvalidArgumentError(`--splits must be all, K, A-B or planetoid, got '${text}'`);
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  if (to < from) throw new InvalidArgumentError(`--splits ${text}: the range ends before it starts`);
  return { kind: 'range', from, to };
}

function parseOrThrow(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        data: { type: 'string' },
        model: { type: 'string', default: 'stationary' },
        splits: { type: 'string', default: 'all' },
        epochs: { type: 'string' },
        patience: { type: 'string' },
        seed: { type: 'string', default: '0' },
        backend: { type: 'string' },
        layers: { type: 'string' },
        channels: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    // node:util reports unknown flags and missing values as TypeErrors with an ERR_PARSE_ARGS code
    throw new InvalidArgumentError((err as Error).message);
  }
}

/** Maps `gsn train` arguments to values; every bad argument is an `InvalidArgumentError` (exit code 2). */
export function parseTrainArgs(argv: string[]): TrainArgs {
  const { values, positionals } = parseOrThrow(argv);
  if (positionals.length) throw new InvalidArgumentError(`unexpected argument '${positionals[0]}'`);
  if (!values.data) throw new InvalidArgumentError('--data <name|folder> is required (e.g. --data cora)');
  if (!(MODEL_NAMES as readonly string[]).includes(values.model!)) {
    throw new InvalidArgumentError(`--model must be one of ${MODEL_NAMES.join(', ')}, got '${values.model}'`);
  }
  if (values.backend !== undefined && !(BACKEND_NAMES as readonly string[]).includes(values.backend)) {
    throw new InvalidArgumentError(`--backend must be one of ${BACKEND_NAMES.join(', ')}, got '${values.backend}'`);
  }
  const model = values.model as ModelName;
  if (model !== 'stationary' && (values.layers !== undefined || values.channels !== undefined)) {
    throw new InvalidArgumentError(`--layers and --channels apply to --model stationary only`);
  }
  return {
    data: values.data,
    model,
    splits: parseSplits(values.splits!),
    epochs: values.epochs === undefined ? undefined : positiveInt('epochs', values.epochs),
    patience: values.patience === undefined ? undefined : positiveInt('patience', values.patience),
    seed: nonNegativeInt('seed', values.seed!),
    backend: values.backend as BackendName | undefined,
    layers: values.layers === undefined ? undefined : positiveInt('layers', values.layers),
    channels: values.channels === undefined ? undefined : positiveInt('channels', values.channels),
    json: values.json!,
  };
}
