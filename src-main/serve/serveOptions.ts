// `npm run serve`'s command line: its options, read and checked before anything starts, and its --help.
// Split from main.ts so that the words and the checks can be tested without starting the services.
import { parseArgs } from 'node:util';
import type { SandboxOptions } from '../sandbox/index';
import { parseSandboxOptionsJson, unknownSandboxOptions } from '../sandbox/optionsJson';
import type { RateLimit } from '../../src-shared/runner/windowLimiter';

export interface ServeOptions {
  port: number;
  dataDir: string | undefined;
  /** false: no built-in sandbox; true: with its defaults. */
  sandbox: SandboxOptions | boolean;
  autoResume: boolean;
  maxUploadBytes: number | undefined;
  /** The rolling window every sync keeps; undefined: each API's documented one (Coassemble's 100 a minute, Coursepath none). */
  syncRateLimit: RateLimit | undefined;
}

export const SERVE_HELP = `Bulk Desk without Electron: the same services and UI, opened in a browser.

Usage: npm run serve [-- options]        (built: node out/main/serve.js [options])

Prints one JSON line first ({"url", "openUrl", "dataDir", "sandboxUrl"}, for scripts), then the address
to open. It listens on 127.0.0.1 only; the address carries a token of this launch. Ctrl+C stops it.

Options:
  --port N                   the port to listen on (default 0: any free port)
  --data-dir DIR             data folder (default: the app's own, or $BULKDESK_DATA_DIR)
  --no-sandbox               without the built-in sandbox LMS and its two connections
  --sandbox-options JSON     the sandbox's options, e.g. '{"strictRepeats":true}' (src-main/sandbox/types.ts)
  --auto-resume              resume jobs that were running when Bulk Desk stopped, without asking
  --max-upload-bytes N       the largest file the browser may upload (default 2 GiB)
  --sync-rate-limit N/MS     the rolling window every sync keeps, whatever its API: N requests per MS
                             milliseconds (default: each API's documented one — Coassemble's 100/60000,
                             none for Coursepath); tests not about pacing scale it down, e.g. 100/1000
  -h, --help                 this help
`;

/** Why the command line cannot be used, said as the admin typed it. */
export class ServeUsageError extends Error {}

/** The command line → options, or `help` when it asks for this text. Throws ServeUsageError on bad input. */
export function parseServeArgs(argv: readonly string[]): ServeOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string', default: '0' },
        'data-dir': { type: 'string' },
        'no-sandbox': { type: 'boolean', default: false },
        'auto-resume': { type: 'boolean', default: false },
        // End-to-end tests and demos make rows fail on purpose with it.
        'sandbox-options': { type: 'string' },
        // Tests set a small one.
        'max-upload-bytes': { type: 'string' },
        // End-to-end tests: a Coassemble sync not waiting 0.6 s a request.
        'sync-rate-limit': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (e) {
    throw new ServeUsageError(`${e instanceof Error ? e.message : String(e)} (--help lists the options)`);
  }
  if (values.help) return 'help';
  const port = wholeNumber('--port', values.port, 65535);
  const max = values['max-upload-bytes'];
  return {
    port,
    dataDir: values['data-dir'],
    sandbox: values['no-sandbox'] ? false : sandboxOptions(values['sandbox-options']),
    autoResume: values['auto-resume'],
    maxUploadBytes:
      max === undefined ? undefined : wholeNumber('--max-upload-bytes', max, Number.MAX_SAFE_INTEGER),
    syncRateLimit: syncRateLimit(values['sync-rate-limit']),
  };
}

function wholeNumber(flag: string, text: string, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n > max)
    throw new ServeUsageError(
      `${flag} must be a whole number from 0 to ${max.toLocaleString('en-US')}, not "${text}"`,
    );
  return n;
}

/** `--sync-rate-limit N/MS` → the window; both parts whole numbers above 0. */
function syncRateLimit(text: string | undefined): RateLimit | undefined {
  if (text === undefined) return undefined;
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const [requests, windowMs] = m ? [Number(m[1]), Number(m[2])] : [0, 0];
  if (!requests || !windowMs || !Number.isSafeInteger(requests) || !Number.isSafeInteger(windowMs))
    throw new ServeUsageError(
      `--sync-rate-limit must be requests/milliseconds, two whole numbers above 0 such as 100/60000, not "${text}"`,
    );
  return { requests, windowMs };
}

/** `--sandbox-options` JSON → options for the built-in sandbox (true = its defaults). */
function sandboxOptions(json: string | undefined): SandboxOptions | true {
  if (!json) return true;
  const parsed = parseSandboxOptionsJson(json);
  const unknown = parsed && unknownSandboxOptions(parsed);
  if (unknown) throw new ServeUsageError(`--sandbox-options: ${unknown}`);
  if (parsed) return parsed;
  throw new ServeUsageError(`--sandbox-options must be a JSON object, e.g. '{"strictRepeats":true}'`);
}
