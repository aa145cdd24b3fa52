// The app's data folder, exactly as `defaultDataDir()` in src-main/serve/main.ts computes it. A copy,
// because importing serve/main.ts would start the server (its module body calls main()); if that
// function moves to a side-effect-free module, import it from there and delete this file.
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultDataDir(): string {
  if (process.env.BULKDESK_DATA_DIR) return process.env.BULKDESK_DATA_DIR;
  const home = homedir();
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', 'bulk-desk');
  if (process.platform === 'win32')
    return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'bulk-desk');
  return join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), 'bulk-desk');
}
