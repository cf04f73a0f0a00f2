// Entry of every pool worker. Worker threads do not inherit jest's or tsx's module hooks, so a
// worker started from the sources (a `.ts` worker file) registers tsx itself, which resolves the
// @gsn/* aliases from the root tsconfig; a built package's worker files are plain `.js`.
const path = require('node:path');
const { workerData } = require('node:worker_threads');

if (workerData.gsnWorkerFile.endsWith('.ts')) {
  process.env.TSX_TSCONFIG_PATH = path.join(__dirname, '..', '..', '..', 'tsconfig.json');
  require('tsx/cjs');
}
require(workerData.gsnWorkerFile);
