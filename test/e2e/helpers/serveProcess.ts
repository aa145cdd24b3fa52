// Starts `npm run serve`'s program as built (out/main/serve.js; scripts/test.sh and the bench build it
// first) in a real child process, so a test can stop it and start it again on the same data folder: a
// real restart. Built, it starts in a fraction of the time tsx took to compile it at every start.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';

export interface ServeInfo {
  url: string;
  openUrl: string;
  dataDir: string;
  sandboxUrl: string | null;
  process: ChildProcess;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

const ROOT = resolve(import.meta.dirname, '../../..');

// Playwright runs two test files at a time (playwright.config.ts), and each serve saves the built-in
// sandbox connections' secrets under fixed account names: each worker keeps them under a keychain
// service of its own, as the vitest workers do (test/helpers/workerKeychain.ts).
function workerKeychain(): NodeJS.ProcessEnv {
  const base = process.env.BULKDESK_KEYCHAIN_SERVICE ?? 'bulk-desk-test';
  return { BULKDESK_KEYCHAIN_SERVICE: `${base}-pw${process.env.TEST_WORKER_INDEX ?? '0'}` };
}

/**
 * A sync keeps Coassemble's documented 100 requests a minute by spacing them 0.6 s apart: 16 requests,
 * 9–10 s, for each sync of the sandbox. Tests not about that pace scale the window down in time, as the
 * integration tests do (test/integration/sync); the sandbox still refuses past 100 a minute. A test that
 * watches a sync run passes `{ documentedSyncPace: true }`: the flag would pace Coursepath too, which
 * documents no limit.
 */
const SCALED_SYNC = ['--sync-rate-limit', '100/1000'];

export async function startServe(
  dataDir: string,
  extraArgs: string[] = [],
  { documentedSyncPace = false } = {},
): Promise<ServeInfo> {
  const sync = documentedSyncPace ? [] : SCALED_SYNC;
  const child = spawn(
    process.execPath,
    [resolve(ROOT, 'out/main/serve.js'), '--data-dir', dataDir, '--port', '0', ...sync, ...extraArgs],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...workerKeychain() } },
  );
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  let timer: NodeJS.Timeout | undefined;
  const first = await new Promise<string>((res, rej) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', (l) => res(l));
    child.once('exit', (code) => rej(new Error(`serve exited with ${code}: ${stderr}`)));
    timer = setTimeout(() => rej(new Error(`serve did not start in 60 s: ${stderr}`)), 60_000);
  }).finally(() => clearTimeout(timer)); // a pending timer would keep a benchmark's process alive for a minute
  const info = JSON.parse(first) as Omit<ServeInfo, 'process' | 'stop'>;
  // A serve that dies on its own (not stopped by the test) says why, so a flaky failure can be read.
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (!stopping)
      console.error(`serve exited by itself (code ${code}, signal ${signal}):\n${stderr.slice(-4000)}`);
  });
  return {
    ...info,
    process: child,
    stop: (signal = 'SIGTERM') =>
      new Promise<void>((res) => {
        stopping = true;
        if (child.exitCode !== null) return res();
        child.once('exit', () => res());
        child.kill(signal);
      }),
  };
}
