// node:worker_threads as Node's own object, loaded at its first use (a large database file's check, the
// writer thread, a workbook read): an ES import of it loads it, and node:net with it (~6 ms of CPU), at
// every start of the CLI, `jobs list` included. As nodeHttp.ts does for HTTP. (node:util's ES namespace
// loads it too: the CSV and workbook readers use the global TextDecoder, the same object, not node:util's.)
import type * as WorkerThreads from 'node:worker_threads';

let loaded: typeof WorkerThreads | undefined;
/** node:worker_threads, loaded at the first call. */
export const workerThreads = (): typeof WorkerThreads =>
  (loaded ??= process.getBuiltinModule('node:worker_threads'));
