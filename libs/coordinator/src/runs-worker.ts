// Worker file of the `runs` strategy: each worker thread has its own tfjs backend (wasm, one
// thread) and trains whole runs (split × seed), one per call.
import { loadDataset, type NodeClassificationDataset } from '@gsn/graph';
import { exposeWorker } from '@gsn/distributed';
import { InvalidArgumentError, useBackend, type BackendName } from '@gsn/tensor';
import { datasetTask, trainSplit, type RunResult, type TrainOptions } from '@gsn/train';
import { trainSplitCheckpointed } from './checkpointed-train';
import { runSetupFromSpec, type ModelSpec } from './model-spec';

/** One run, as data: the dataset by name or folder, the split by name. */
export interface RunTask {
  readonly data: string;
  readonly spec: ModelSpec;
  readonly split: string;
  readonly seed: number;
  readonly options: Partial<TrainOptions>;
  readonly backend?: BackendName;
  /** Checkpoint the run (`--save-every`) and resume it from `resumeFrom` when given. */
  readonly checkpoint?: { readonly dir: string; readonly every: number; readonly resumeFrom?: string };
}

// The dataset (its graph and raw features build the layers' graph) next to the task built from it.
type LoadedTask = ReturnType<typeof datasetTask> & { readonly dataset: NodeClassificationDataset };
let cached: { data: string; task: LoadedTask } | undefined;

async function taskOf(data: string, backend?: BackendName): Promise<LoadedTask> {
  if (cached?.data === data) return cached.task;
  await useBackend(backend);
  cached?.task.dispose();
  const dataset = loadDataset(data);
  cached = { data, task: { ...datasetTask(dataset), dataset } };
  return cached.task;
}

const api = {
  async trainRun(run: RunTask): Promise<RunResult> {
    const task = await taskOf(run.data, run.backend);
    const split = task.splits.find((s) => s.name === run.split);
    if (!split) throw new InvalidArgumentError(`split '${run.split}' is not in ${run.data}`);
    const { model, hooks } = runSetupFromSpec(run.spec, task.dataset);
    if (!run.checkpoint) return trainSplit(model, task, split, run.seed, run.options, hooks);
    const { dir, every, resumeFrom } = run.checkpoint;
    const { finished: _finished, ...result } = trainSplitCheckpointed(model, task, split, run.seed, run.options, { dir, every, resume: resumeFrom !== undefined, resumeFrom }, hooks);
    return result;
  },
};

export type RunsWorkerApi = typeof api;
exposeWorker(api);
