// Worker file for pool.spec.ts: a few small methods to observe calls, errors, crashes and hangs.
import { InvalidArgumentError } from '@gsn/tensor';
import { exposeWorker, workerContext } from './expose-worker';

const api = {
  square: (x: number) => x * x,
  whoAmI: () => ({ workerId: workerContext().workerId, incarnation: workerContext().incarnation }),
  env: (name: string) => process.env[name],
  reject: (message: string) => {
    throw new InvalidArgumentError(message);
  },
  crash: () => process.exit(3),
  never: () => new Promise<void>(() => undefined),
};

export type FixtureApi = typeof api;
exposeWorker(api);
