import * as path from 'node:path';

/**
 * The worker file `name` in the folder of `moduleFile` (a caller's `__filename`), with that
 * module's extension: `.ts` when gsn runs from its sources (tsx, jest), `.js` in a built package.
 */
export function workerFileBeside(moduleFile: string, name: string): string {
  return path.join(path.dirname(moduleFile), name + path.extname(moduleFile));
}
