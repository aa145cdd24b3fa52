// Spreadsheets the OS asks Bulk Desk to open: double-clicked or "Open with" (the installers declare .csv,
// .tsv and .xlsx, electron-builder.ts), dropped on the dock icon (macOS `open-file`), named on the command
// line of a first or second instance (Windows and Linux pass them as arguments), or picked from
// File → Open. Each becomes an import in the window: main grants the window that path for one read
// (pathGrants.ts) and tells the renderer, which calls `datasets.import` with it. Paths wait here until
// the window has loaded, since a message sent before the page listens is lost.
// Plain TypeScript (no 'electron'), unit-tested; main.ts supplies the window side.
import { extname, resolve } from 'node:path';

/** What the installers associate with Bulk Desk (electron-builder.ts `fileAssociations`). */
export const SPREADSHEET_EXTENSIONS = ['csv', 'tsv', 'xlsx'] as const;

export function isSpreadsheetPath(path: string): boolean {
  const ext = extname(path).slice(1).toLowerCase();
  return (SPREADSHEET_EXTENSIONS as readonly string[]).includes(ext);
}

/**
 * The spreadsheets named in a command line (process.argv, or a second instance's argv), resolved against
 * the directory that command ran in. The executable, the app path and every switch are skipped.
 */
export function spreadsheetPathsFromArgv(argv: readonly string[], cwd: string): string[] {
  return argv
    .slice(1)
    .filter((a) => !a.startsWith('-') && isSpreadsheetPath(a))
    .map((a) => resolve(cwd, a));
}

export interface OpenFileQueueDeps {
  /** Whether `path` is an existing regular file (not a folder, not missing). */
  isFile(path: string): boolean;
  /** Grants the window `path` and tells its renderer; false when there is no window to tell. */
  deliver(path: string): boolean;
  log(line: string): void;
}

export class OpenFileQueue {
  private readonly pending: string[] = [];
  private ready = false;

  constructor(private readonly deps: OpenFileQueueDeps) {}

  /** Queues the spreadsheets among `paths` and delivers them if the window is ready. */
  add(paths: readonly string[]): void {
    for (const path of paths) {
      if (!isSpreadsheetPath(path)) {
        this.deps.log(`open: not a spreadsheet Bulk Desk imports (.csv, .tsv, .xlsx): ${path}`);
      } else if (!this.deps.isFile(path)) {
        this.deps.log(`open: no such file: ${path}`);
      } else if (!this.pending.includes(path)) {
        this.pending.push(path);
      }
    }
    this.flush();
  }

  /** The window's page loaded (true) or the window went away (false). */
  setReady(ready: boolean): void {
    this.ready = ready;
    this.flush();
  }

  /** Paths still waiting for a window, oldest first. */
  waiting(): readonly string[] {
    return this.pending;
  }

  private flush(): void {
    while (this.ready && this.pending.length > 0) {
      if (!this.deps.deliver(this.pending[0]!)) return;
      this.pending.shift();
    }
  }
}
