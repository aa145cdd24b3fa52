// The workbook reader's worker run from source (vitest, tsx) on every Node that package.json's engines allow:
// Node strips a .ts file's types by itself from 22.18 only, so on 22.12–22.17 the worker could not start and
// no workbook could be imported from source ("Unknown file extension .ts"). A worker started with
// --no-experimental-strip-types is such a Node as far as the worker's file is concerned.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { WorkerMessage } from '../../../src-main/services/workbook/workerMessages';
import { workerExecArgv, workerUrl } from '../../../src-main/services/workbook/workerSource';
import { tempDir } from '../../helpers/tempDir';
import { staffWorkbook } from '../../helpers/workbooks';

/** Runs the worker on `path` with these Node options; its `done` message, or the error it stopped with. */
function readWith(path: string, execArgv: string[] | undefined): Promise<WorkerMessage> {
  const worker = new Worker(workerUrl(), { workerData: { path, batchSize: 1000 }, execArgv, stderr: true });
  return new Promise<WorkerMessage>((resolve, reject) => {
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'rows') worker.postMessage('more');
      else resolve(m);
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`the worker exited (${code}) without an answer`)));
  }).finally(() => void worker.terminate());
}

describe('the workbook worker run from source', () => {
  it('reads a workbook on a Node that does not strip types by itself (22.12–22.17)', async () => {
    const dir = tempDir();
    try {
      const file = join(dir.path, 'staff.xlsx');
      staffWorkbook(file);
      const older = ['--no-experimental-strip-types'];
      // Such a Node cannot start the worker's file as it is (what readWorkbookFile met there).
      await expect(readWith(file, older)).rejects.toMatchObject({ code: 'ERR_UNKNOWN_FILE_EXTENSION' });
      // With the options readWorkbookFile gives the worker on such a Node, it reads the sheet.
      const done = await readWith(file, workerExecArgv(workerUrl(), false, older));
      expect(done).toMatchObject({ type: 'done', sheet: 'People' });
    } finally {
      dir.remove();
    }
  });

  it('asks nothing of a Node that strips types, nor of the built worker', () => {
    expect(workerExecArgv(workerUrl(), 'strip', ['--x'])).toBeUndefined();
    expect(workerExecArgv(new URL('file:///app/out/main/workbookWorker.js'), false, ['--x'])).toBeUndefined();
  });
});
