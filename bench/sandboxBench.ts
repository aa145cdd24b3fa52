// Benchmark: requests per second the sandbox serves for Coassemble `PUT /user/{identifier}` over keep-alive
// connections on loopback, faults and rate limits off. Target ≥ 5000 req/s so the sandbox is never the
// bottleneck of our own benchmarks.
//   npx tsx bench/sandboxBench.ts [--in-process] [--duration-ms 5000] [--concurrency 64]
// By default the sandbox runs in its own process (as `npm run sandbox` does) so that the load generator
// here does not share its event loop; --in-process runs both in this process (a harsher, lower figure).
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startSandbox, type SandboxCredentials } from '../src-main/sandbox/index';

export interface SandboxBenchOptions {
  durationMs?: number;
  warmupMs?: number;
  concurrency?: number;
  inProcess?: boolean;
}

export interface SandboxBenchResult {
  reqPerSec: number;
  requests: number;
  errors: number;
  durationMs: number;
  concurrency: number;
  mode: 'child-process' | 'in-process';
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

async function startChild(): Promise<{ creds: SandboxCredentials; stop: () => Promise<void> }> {
  const child: ChildProcess = spawn(
    process.execPath,
    [`${ROOT}node_modules/tsx/dist/cli.mjs`, `${ROOT}src-main/sandbox/cli.ts`, '--port', '0', '--seed', '1', '--no-limits', '--credentials-json'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`sandbox exited early (${code})`)));
  });
  return {
    creds: JSON.parse(first) as SandboxCredentials,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Drives `concurrency` keep-alive connections, each sending the next PUT as soon as the last answer has
 * fully arrived (no pipelining). A minimal HTTP/1.1 client on raw sockets, so the load generator costs
 * far less CPU than the server it measures (node:http's client would be the bottleneck on 2 cores).
 */
async function load(creds: SandboxCredentials, concurrency: number, durationMs: number): Promise<{ ok: number; errors: number }> {
  const url = new URL(creds.coassemble.baseUrl);
  const auth = `COASSEMBLE:${creds.coassemble.workspaceId}:${creds.coassemble.apiKey}`;
  const deadline = Date.now() + durationMs;
  let ok = 0;
  let errors = 0;
  let n = 0;
  const request = () => {
    const i = n++;
    const body = JSON.stringify({ clientIdentifier: 'bench', metadata: { n: i } });
    return (
      `PUT /api/v1/headless/user/bench-${i % 1000} HTTP/1.1\r\nHost: ${url.host}\r\nConnection: keep-alive\r\n` +
      `Authorization: ${auth}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
    );
  };
  const connection = () =>
    new Promise<void>((resolve) => {
      const socket = net.connect(Number(url.port), url.hostname);
      socket.setNoDelay(true);
      let buf = '';
      const next = () => {
        if (Date.now() >= deadline) {
          socket.end();
          resolve();
          return;
        }
        socket.write(request());
      };
      socket.setEncoding('utf8');
      socket.on('connect', next);
      socket.on('data', (chunk: string) => {
        buf += chunk;
        for (;;) {
          const headEnd = buf.indexOf('\r\n\r\n');
          if (headEnd < 0) return;
          const m = /content-length: *(\d+)/i.exec(buf.slice(0, headEnd));
          const total = headEnd + 4 + Number(m?.[1] ?? 0);
          if (buf.length < total) return; // bodies are ASCII JSON, so chars = bytes
          if (buf.startsWith('HTTP/1.1 200')) ok++;
          else errors++;
          buf = buf.slice(total);
          next();
        }
      });
      socket.on('error', () => {
        errors++;
        resolve();
      });
    });
  await Promise.all(Array.from({ length: concurrency }, connection));
  return { ok, errors };
}

export async function benchSandbox(opts: SandboxBenchOptions = {}): Promise<SandboxBenchResult> {
  const durationMs = opts.durationMs ?? 5000;
  const concurrency = opts.concurrency ?? 64;
  let creds: SandboxCredentials;
  let stop: () => Promise<void>;
  if (opts.inProcess) {
    const sb = await startSandbox({ seed: 1, coassembleLimit: null, ledgerLimit: 100_000 });
    creds = sb.credentials;
    stop = () => sb.close();
  } else {
    ({ creds, stop } = await startChild());
  }
  try {
    await load(creds, concurrency, opts.warmupMs ?? 1000);
    const t0 = performance.now();
    const { ok, errors } = await load(creds, concurrency, durationMs);
    const elapsed = performance.now() - t0;
    return {
      reqPerSec: Math.round((ok / elapsed) * 1000),
      requests: ok,
      errors,
      durationMs: Math.round(elapsed),
      concurrency,
      mode: opts.inProcess ? 'in-process' : 'child-process',
    };
  } finally {
    await stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? Number(process.argv[i + 1]) : undefined;
  };
  const r = await benchSandbox({
    inProcess: process.argv.includes('--in-process'),
    durationMs: arg('--duration-ms'),
    concurrency: arg('--concurrency'),
  });
  process.stdout.write(
    `sandbox PUT /user (keep-alive, ${r.concurrency} connections, ${r.mode}): ${r.reqPerSec} req/s ` +
      `(${r.requests} ok, ${r.errors} errors in ${r.durationMs} ms) — target ≥ 5000 req/s ${r.reqPerSec >= 5000 ? 'PASS' : 'FAIL'}\n`,
  );
}
