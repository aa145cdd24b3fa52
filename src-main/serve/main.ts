// `npm run serve`: the same services and UI without Electron — the UI opens in a browser over the
// loopback transport. Prints one JSON line first (for scripts and tests), then a human hint.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createServices } from '../services';
import { startLoopback } from '../transport/loopback';

/** Where Electron would keep user data on this OS, so serve and the app share history. */
export function defaultDataDir(): string {
  if (process.env.BULKDESK_DATA_DIR) return process.env.BULKDESK_DATA_DIR;
  const home = homedir();
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', 'bulk-desk');
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'bulk-desk');
  return join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), 'bulk-desk');
}

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      'data-dir': { type: 'string' },
      'no-sandbox': { type: 'boolean', default: false },
      'auto-resume': { type: 'boolean', default: false },
    },
  });
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
  const log = (line: string) => process.stderr.write(`[bulk-desk] ${line}\n`);
  const services = await createServices({ dataDir, sandbox: !values['no-sandbox'], log, autoResume: values['auto-resume'] });
  const server = await startLoopback({
    dispatch: services.dispatch,
    events: services.events,
    staticDir: resolve(import.meta.dirname, '../../out/renderer'),
    uploadDir: services.uploadDir,
    port: Number(values.port),
    log,
  });
  process.stdout.write(
    JSON.stringify({ url: server.url, openUrl: server.openUrl, dataDir, sandboxUrl: services.sandbox?.url ?? null }) + '\n',
  );
  process.stdout.write(`\nBulk Desk is running. Open this address in your browser:\n\n  ${server.openUrl}\n\nData folder: ${dataDir}\nPress Ctrl+C to stop.\n`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.close();
    await services.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`Bulk Desk could not start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
