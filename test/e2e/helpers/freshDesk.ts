// The opening of most end-to-end journeys, in one place: a fresh data folder (and one for the files the
// test writes), its own serve, the app opened in the test's tab; afterwards the serve stopped and both
// folders removed, whatever the test did. Nothing is shared between tests: each gets a new folder.
import type { Page } from '@playwright/test';
import { tempDirs } from './desk';
import { startServe, type ServeInfo } from './serveProcess';

export interface DeskOptions {
  /** Extra `serve` arguments (say `--sandbox-options`). */
  args?: string[];
  /** Sync at Coassemble's documented pace (serveProcess.ts): for a test that watches a sync run. */
  documentedSyncPace?: boolean;
  /** The window's size before the app opens. */
  viewport?: { width: number; height: number };
  /** false: the serve starts, the page is not opened (the test routes or reads the sandbox first). */
  open?: boolean;
}

export interface Desk {
  /** The serve running now (a restart replaces it). */
  readonly serve: ServeInfo;
  readonly dataDir: string;
  /** A folder for the files the test writes, removed afterwards. */
  readonly files: string;
  /** Stops the serve (SIGKILL: as a crash); the desk is then closed until `restart`. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /**
   * Stops the serve if it runs and starts a new one on the same data folder (a real restart), with `args`
   * (by default the first start's), then opens its link in the tab unless `open` is false.
   */
  restart(opts?: { signal?: NodeJS.Signals; args?: string[]; open?: boolean }): Promise<ServeInfo>;
}

type Journey = (desk: Desk) => Promise<void>;

/**
 * Runs `journey` on a desk of its own: a new data folder, a serve on it, the app open in `page`. The serve
 * is stopped and the folders removed afterwards, also when the journey fails.
 */
export async function withDesk(page: Page, journey: Journey): Promise<void>;
export async function withDesk(page: Page, options: DeskOptions, journey: Journey): Promise<void>;
export async function withDesk(
  page: Page,
  optionsOrJourney: DeskOptions | Journey,
  maybeJourney?: Journey,
): Promise<void> {
  const [options, journey] =
    typeof optionsOrJourney === 'function' ? [{}, optionsOrJourney] : [optionsOrJourney, maybeJourney!];
  const dirs = tempDirs();
  const start = (args: string[] = options.args ?? []) =>
    startServe(dirs.dataDir, args, { documentedSyncPace: options.documentedSyncPace ?? false });
  let serve: ServeInfo | null = null;
  const stop = async (signal?: NodeJS.Signals) => {
    const running = serve;
    serve = null; // a serve killed by a signal has no exit code: never waited for twice
    await running?.stop(signal);
  };
  try {
    serve = await start();
    if (options.viewport) await page.setViewportSize(options.viewport);
    if (options.open !== false) await page.goto(serve.openUrl);
    const desk: Desk = {
      get serve() {
        if (!serve) throw new Error('the serve is stopped: restart() it first');
        return serve;
      },
      dataDir: dirs.dataDir,
      files: dirs.files,
      stop,
      restart: async ({ signal, args, open = true } = {}) => {
        await stop(signal);
        serve = await start(args);
        if (open) await page.goto(serve.openUrl);
        return serve;
      },
    };
    await journey(desk);
  } finally {
    await stop();
    dirs.cleanup();
  }
}
