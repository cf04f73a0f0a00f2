// Entry of every pool worker. Worker threads do not inherit jest's or tsx's module hooks, so
// each one registers tsx itself (which resolves the @gsn/* aliases from the root tsconfig) and
// then loads the TypeScript worker file named in workerData.
const path = require('node:path');
const { workerData } = require('node:worker_threads');

process.env.TSX_TSCONFIG_PATH = path.join(__dirname, '..', '..', '..', 'tsconfig.json');
require('tsx/cjs');
require(workerData.gsnWorkerFile);
