// Worker file of pools that run sharded operators (`SHARD_WORKER_FILE`).
import { exposeWorker } from './expose-worker';
import { createShardWorkerApi } from './shard-worker';

exposeWorker(createShardWorkerApi());
