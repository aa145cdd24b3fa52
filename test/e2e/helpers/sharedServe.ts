// One serve for the tests of a spec file that need no data folder of their own: started by the first
// test that asks for it (so each still runs alone with -g), stopped after the file's last test. Each
// serve costs seconds to start on a loaded machine; the tests that share one must pass in any order on
// a folder the others have used (say which in the spec).
import { test } from '@playwright/test';
import { tempDirs } from './desk';
import { startServe, type ServeInfo } from './serveProcess';

export interface SharedServe {
  /** The file's serve, started at the first call. */
  get(): Promise<ServeInfo>;
  /** A folder for the files a test writes, removed with the data folder after the file's last test. */
  files(): string;
}

/** Call at the top of a spec file: registers the afterAll that stops the serve. */
export function sharedServe(extraArgs: string[] = []): SharedServe {
  let dirs: ReturnType<typeof tempDirs> | null = null;
  let serve: Promise<ServeInfo> | null = null;
  const folders = () => (dirs ??= tempDirs());
  test.afterAll(async () => {
    // A serve that failed to start has nothing to stop.
    await serve?.then((s) => s.stop()).catch(() => undefined);
    serve = null;
    dirs?.cleanup();
    dirs = null;
  });
  return {
    get: () => (serve ??= startServe(folders().dataDir, extraArgs)),
    files: () => folders().files,
  };
}
