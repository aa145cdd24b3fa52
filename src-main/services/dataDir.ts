// The app's data folder: where Electron keeps user data for "bulk-desk" on this OS, so the app, `npm run
// serve` and the CLI share one SQLite file (and a job started in one shows in the others).
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { shellQuote } from '../../src-shared/mapping/curl';
import { withDataDir } from '../../src-shared/util/cliHints';

export function defaultDataDir(): string {
  if (process.env.BULKDESK_DATA_DIR) return process.env.BULKDESK_DATA_DIR;
  const home = homedir();
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', 'bulk-desk');
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'bulk-desk');
  return join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), 'bulk-desk');
}

/**
 * A `bulk-desk …` command as a hint to paste, for the data folder `dataDir`: with `--data-dir` when that
 * is not the folder the command would use by itself (else the pasted command would reach another folder).
 */
export function cliCommand(command: string, dataDir: string): string {
  const flag = dataDirFlag(dataDir);
  return flag ? `bulk-desk ${command} ${flag}` : `bulk-desk ${command}`;
}

/** `--data-dir DIR` (shell-quoted when needed) for a folder other than the default; null for the default. */
export function dataDirFlag(dataDir: string): string | null {
  const dir = resolve(dataDir);
  if (dir === resolve(defaultDataDir())) return null;
  return `--data-dir ${/^[\w@%+=:,./-]+$/.test(dir) ? dir : shellQuote(dir)}`;
}

/** Stored words (a stop reason, an event, a row's error) with their `bulk-desk …` hints for `dataDir`. */
export function pasteable(text: string, dataDir: string): string {
  return withDataDir(text, dataDirFlag(dataDir));
}
