// `npm run serve`: the same services and UI without Electron — the UI opens in a browser over the
// loopback transport. Prints one JSON line first (for scripts and tests), then a human hint.
import { resolve } from 'node:path';
import { createServices } from '../services';
import { defaultDataDir } from '../services/dataDir';
import { startLoopback } from '../transport/loopback';
import { parseServeArgs, SERVE_HELP, ServeUsageError } from './serveOptions';

async function main() {
  const values = parseServeArgs(process.argv.slice(2));
  if (values === 'help') {
    process.stdout.write(SERVE_HELP);
    return;
  }
  const dataDir = resolve(values.dataDir ?? defaultDataDir());
  const log = (line: string) => process.stderr.write(`[bulk-desk] ${line}\n`);
  const services = await createServices({
    dataDir,
    sandbox: values.sandbox,
    log,
    autoResume: values.autoResume,
    ...(values.syncRateLimit ? { sync: { rateLimit: values.syncRateLimit } } : {}),
  });
  const server = await startLoopback({
    dispatch: services.dispatch,
    events: services.events,
    staticDir: resolve(import.meta.dirname, '../../out/renderer'),
    uploadDir: services.uploadDir,
    port: values.port,
    ...(values.maxUploadBytes !== undefined ? { maxUploadBytes: values.maxUploadBytes } : {}),
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
  // Wrong usage exits 2, as the CLI's does.
  process.exit(e instanceof ServeUsageError ? 2 : 1);
});
