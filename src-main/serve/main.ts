// `npm run serve`: the same services and UI without Electron — the UI opens in a browser over the
// loopback transport. Prints one JSON line first (for scripts and tests), then a human hint.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { SandboxOptions } from '../sandbox/index';
import { createServices } from '../services';
import { defaultDataDir } from '../services/dataDir';
import { startLoopback } from '../transport/loopback';

/** `--sandbox-options` JSON → options for the built-in sandbox (true = its defaults). */
function sandboxOptions(json: string | undefined): SandboxOptions | true {
  if (!json) return true;
  try {
    const parsed: unknown = JSON.parse(json);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as SandboxOptions;
  } catch {
    // fall through to the message below
  }
  throw new Error(`--sandbox-options must be a JSON object, e.g. '{"duplicateMember":"conflict"}'`);
}

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      'data-dir': { type: 'string' },
      'no-sandbox': { type: 'boolean', default: false },
      'auto-resume': { type: 'boolean', default: false },
      // JSON SandboxOptions for the built-in sandbox, e.g. '{"duplicateMember":"conflict","faults":"500:0.1"}':
      // end-to-end tests and demos use it to make rows fail on purpose.
      'sandbox-options': { type: 'string' },
      // The largest file the browser UI may upload (default 2 GiB); tests set a small one.
      'max-upload-bytes': { type: 'string' },
    },
  });
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
  const log = (line: string) => process.stderr.write(`[bulk-desk] ${line}\n`);
  const sandbox = values['no-sandbox'] ? false : sandboxOptions(values['sandbox-options']);
  const services = await createServices({ dataDir, sandbox, log, autoResume: values['auto-resume'] });
  const server = await startLoopback({
    dispatch: services.dispatch,
    events: services.events,
    staticDir: resolve(import.meta.dirname, '../../out/renderer'),
    uploadDir: services.uploadDir,
    port: Number(values.port),
    ...(values['max-upload-bytes'] ? { maxUploadBytes: Number(values['max-upload-bytes']) } : {}),
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
