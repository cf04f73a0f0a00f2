import { parseArgs } from 'node:util';
import { BACKEND_NAMES, InvalidArgumentError, type BackendName } from '@gsn/tensor';
import type { Coordination } from '@gsn/coordinator';
import { BALANCED_MODELS, parseLayerGraph, SOLVE_MODES, type LayerGraphChoice, type SolveMode } from '@gsn/train';
import type { GraphLearningOptions, TrainOptions } from '@gsn/train';
import { modelSpecOf } from './build-model';
import { nonNegativeInt, nonNegativeNumber, positiveInt, positiveNumber } from '../flag-numbers';
import { GRAPH_FLAGS, parseGraphFlags } from './graph-args';

export const MODEL_NAMES = ['stationary', 'sheaf', 'gcn', 'mlp'] as const;
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
  /** Adam's learning rate and L2 coefficient (`--lr`, `--weight-decay`; default the protocol's 0.01 and 5e-4). */
  readonly lr?: number;
  readonly weightDecay?: number;
  readonly seed: number;
  readonly backend?: BackendName;
  readonly layers?: number;
  readonly channels?: number;
  /** Stalk dimension d of `--model sheaf`. */
  readonly stalk?: number;
  /** Dropout of `--model stationary` and `sheaf` (`--dropout`; default 0.5). */
  readonly dropout?: number;
  /** `--layer-graph input|knn:K|input+knn:K`: the graph of `--model stationary` and `sheaf` (default the dataset's). */
  readonly layerGraph?: LayerGraphChoice;
  /** Graph learning of `--model stationary` and `sheaf` (`--learn-graph`, `--graph-lr`, `--graph-l1`, `--two-hop`, `--knn`). */
  readonly graph?: Partial<GraphLearningOptions>;
  /** `--save DIR`: the learned graphs go to `DIR/graphs/`. */
  readonly save?: string;
  /** `--workers N` (1 = today's single-thread path) and `--shard runs|graph|layers`. */
  readonly workers: number;
  readonly shard: ShardStrategy;
  /** `--save-every K`: checkpoints into `<save>/checkpoint/` every K epochs; `--resume DIR` continues from them. */
  readonly saveEvery?: number;
  readonly resume?: string;
  /** How the stationary layers are solved (`--solve`), and μ of `--solve penalized` (`--mu`). */
  readonly solve?: SolveMode;
  readonly mu?: number;
  /** λ of the norm-balancing penalty Ω_λ (`--balance`). */
  readonly balance?: number;
  readonly json: boolean;
}

export const SHARD_STRATEGIES = ['runs', 'graph', 'layers'] as const;
export type ShardStrategy = (typeof SHARD_STRATEGIES)[number];

/** A deliberate worker failure (tests only): `GSN_FAULT=worker:1,call:3,mode:exit|hang`. */
export interface FaultSpec {
  readonly workerId: number;
  readonly atCall: number;
  readonly mode: 'exit' | 'hang';
}

/** What `--workers`, `--shard`, `--save-every`, `--resume` and `GSN_FAULT` ask of the coordinator. */
export function coordinationOf(args: TrainArgs, env: NodeJS.ProcessEnv = process.env): Coordination {
  const faults = parseFaultEnv(env['GSN_FAULT']);
  if (faults.length && args.workers < 2) throw new InvalidArgumentError('GSN_FAULT injects worker faults: it needs --workers 2 or more');
  if (args.resume !== undefined && args.saveEvery === undefined) throw new InvalidArgumentError('--resume DIR needs --save DIR --save-every K (they may name the same DIR)');
  return {
    workers: args.workers,
    shard: args.shard,
    data: args.data,
    spec: modelSpecOf(args),
    ...(args.backend ? { backend: args.backend } : {}),
    ...(args.saveEvery !== undefined && args.save !== undefined
      ? { checkpoint: { dir: args.save, every: args.saveEvery, ...(args.resume === undefined ? {} : { resumeFrom: args.resume }) } }
      : {}),
    faults,
  };
}

/** The training protocol's options the flags set (`--epochs`, `--patience`, `--lr`, `--weight-decay`); the rest take its defaults. */
export function trainOptionsOf(args: TrainArgs): Partial<TrainOptions> {
  return Object.fromEntries((['epochs', 'patience', 'lr', 'weightDecay'] as const).filter((k) => args[k] !== undefined).map((k) => [k, args[k]]));
}

export function parseFaultEnv(text: string | undefined): FaultSpec[] {
  if (text === undefined || text === '') return [];
  const m = /^worker:(\d+),call:(\d+),mode:(exit|hang)$/.exec(text.trim());
  if (!m) throw new InvalidArgumentError(`GSN_FAULT must look like worker:1,call:3,mode:exit (or mode:hang), got '${text}'`);
  return [{ workerId: Number(m[1]), atCall: Number(m[2]), mode: m[3] as 'exit' | 'hang' }];
}

/**
 * `all` | `K` | `A-B` (inclusive) | `planetoid` (the planetoid split, 10 seeds, as peer.py) |
 * `planetoid:N` (N seeds from `--seed`: `planetoid:1 --seed 3` repeats seed 3 of a full run).
 */
export function parseSplits(text: string): SplitSelection {
  if (text === 'all') return { kind: 'all' };
  const p = /^planetoid(?::(\d+))?$/.exec(text);
  if (p) {
    const seeds = p[1] === undefined ? 10 : Number(p[1]);
    if (seeds < 1) throw new InvalidArgumentError(`--splits ${text}: the number of seeds must be at least 1`);
    return { kind: 'planetoid', seeds };
  }
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!m) throw new InvalidArgumentError(`--splits must be all, K, A-B, planetoid or planetoid:N, got '${text}'`);
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  if (to < from) throw new InvalidArgumentError(`--splits ${text}: the range ends before it starts`);
  return { kind: 'range', from, to };
}

/** A dropout probability: a number in [0, 1). */
function dropoutRate(text: string): number {
  const v = nonNegativeNumber('dropout', text);
  if (!(v < 1)) throw new InvalidArgumentError(`--dropout must be below 1, got '${text}'`);
  return v;
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
        lr: { type: 'string' },
        'weight-decay': { type: 'string' },
        dropout: { type: 'string' },
        seed: { type: 'string', default: '0' },
        backend: { type: 'string' },
        layers: { type: 'string' },
        channels: { type: 'string' },
        stalk: { type: 'string' },
        'layer-graph': { type: 'string' },
        ...GRAPH_FLAGS,
        save: { type: 'string' },
        workers: { type: 'string', default: '1' },
        shard: { type: 'string', default: 'runs' },
        'save-every': { type: 'string' },
        resume: { type: 'string' },
        solve: { type: 'string' },
        mu: { type: 'string' },
        balance: { type: 'string' },
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
  if (model !== 'stationary' && model !== 'sheaf' && (values.layers !== undefined || values.channels !== undefined || values.dropout !== undefined)) {
    throw new InvalidArgumentError(`--layers, --channels and --dropout apply to --model stationary and sheaf only`);
  }
  if (model !== 'sheaf' && values.stalk !== undefined) throw new InvalidArgumentError(`--stalk applies to --model sheaf only`);
  if (model !== 'stationary' && model !== 'sheaf' && values['layer-graph'] !== undefined) {
    throw new InvalidArgumentError(`--layer-graph applies to --model stationary and sheaf only`);
  }
  if (!(SHARD_STRATEGIES as readonly string[]).includes(values.shard!)) {
    throw new InvalidArgumentError(`--shard must be one of ${SHARD_STRATEGIES.join(', ')}, got '${values.shard}'`);
  }
  if (values['save-every'] !== undefined && values.save === undefined) throw new InvalidArgumentError('--save-every needs --save DIR');
  if (values.solve !== undefined && !(SOLVE_MODES as readonly string[]).includes(values.solve)) {
    throw new InvalidArgumentError(`--solve must be one of ${SOLVE_MODES.join(', ')}, got '${values.solve}'`);
  }
  if (model !== 'stationary' && values.solve !== undefined) throw new InvalidArgumentError(`--solve applies to --model stationary only`);
  if (values.mu !== undefined && values.solve !== 'penalized') throw new InvalidArgumentError(`--mu applies to --solve penalized only`);
  if (values.balance !== undefined && !(BALANCED_MODELS as readonly string[]).includes(model)) {
    throw new InvalidArgumentError(`--balance applies to --model ${BALANCED_MODELS.join(', ')} only`);
  }
  return {
    data: values.data,
    model,
    splits: parseSplits(values.splits!),
    epochs: values.epochs === undefined ? undefined : positiveInt('epochs', values.epochs),
    patience: values.patience === undefined ? undefined : positiveInt('patience', values.patience),
    ...(values.lr === undefined ? {} : { lr: positiveNumber('lr', values.lr) }),
    ...(values['weight-decay'] === undefined ? {} : { weightDecay: nonNegativeNumber('weight-decay', values['weight-decay']) }),
    seed: nonNegativeInt('seed', values.seed!),
    backend: values.backend as BackendName | undefined,
    layers: values.layers === undefined ? undefined : positiveInt('layers', values.layers),
    channels: values.channels === undefined ? undefined : positiveInt('channels', values.channels),
    stalk: values.stalk === undefined ? undefined : positiveInt('stalk', values.stalk),
    ...(values.dropout === undefined ? {} : { dropout: dropoutRate(values.dropout) }),
    ...(values['layer-graph'] === undefined ? {} : { layerGraph: parseLayerGraph(values['layer-graph']) }),
    graph: parseGraphFlags(values, model),
    save: values.save,
    workers: positiveInt('workers', values.workers!),
    shard: values.shard as ShardStrategy,
    saveEvery: values['save-every'] === undefined ? undefined : positiveInt('save-every', values['save-every']),
    resume: values.resume,
    ...(values.solve === undefined ? {} : { solve: values.solve as SolveMode }),
    ...(values.mu === undefined ? {} : { mu: positiveNumber('mu', values.mu) }),
    ...(values.balance === undefined ? {} : { balance: positiveNumber('balance', values.balance) }),
    json: values.json!,
  };
}
