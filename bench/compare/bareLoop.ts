// The ceiling: the least a program can do to send the same requests. The CSV parsed whole by
// papaparse, then `concurrency` loops each taking the next row, form-encoding email and name, minting
// the same HS256 JWT (fresh jti, iat) and POSTing it with Node's fetch (undici, as the runner does) with
// the runner's settings (src-main/services/http.ts): the global keep-alive pool, a timeout signal per
// request and `redirect: 'manual'`, so the two differ in what Bulk Desk adds, not in how they use HTTP.
// No storage, no retries, no throttle, no progress: what Bulk Desk costs is the distance to this.
//   node --import tsx bench/compare/bareLoop.ts --csv F --base-url U --email E --secret S [--concurrency 8]
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { REQUEST_TIMEOUT_MS } from '../../src-main/runner/connectionDefaults';
import { arg, emit, peakRssMb } from './child';

export interface BareResult {
  rows: number;
  succeeded: number;
  failed: number;
  ms: number;
  rowsPerSec: number;
  peakRssMb: number;
}

const b64url = (s: string | Buffer) => Buffer.from(s).toString('base64url');
const HEADER = b64url(JSON.stringify({ typ: 'JWT', alg: 'HS256' }));

function jwt(email: string, secret: string): string {
  const claims = b64url(
    JSON.stringify({ jti: randomBytes(16).toString('hex'), iat: Math.floor(Date.now() / 1000), email }),
  );
  return `${HEADER}.${claims}.${createHmac('sha256', secret).update(`${HEADER}.${claims}`).digest('base64url')}`;
}

async function main() {
  const baseUrl = arg('base-url')!;
  const acting = arg('email')!;
  const secret = arg('secret')!;
  const concurrency = Number(arg('concurrency') ?? 8);
  const parsed = Papa.parse<Record<string, string>>(
    readFileSync(arg('csv')!, 'utf8').replace(/^\uFEFF/, ''),
    {
      header: true,
      skipEmptyLines: true,
    },
  );
  const rows = parsed.data;
  const url = `${baseUrl}/api/v1/members`;
  let next = 0;
  let succeeded = 0;
  let failed = 0;
  const started = performance.now();
  const timer = setInterval(
    () =>
      emit('progress', {
        done: succeeded + failed,
        rows: rows.length,
        elapsedMs: Math.round(performance.now() - started),
        peakRssMb: peakRssMb(),
      }),
    500,
  );
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= rows.length) return;
      const r = rows[i]!;
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            accept: 'application/json',
            authorization: `Bearer ${jwt(acting, secret)}`,
          },
          body: new URLSearchParams({
            email: r.email ?? '',
            name: `${r.first_name} ${r.last_name}`,
          }).toString(),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
          redirect: 'manual',
        });
        await res.text();
        if (res.ok) succeeded++;
        else failed++;
      } catch {
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const ms = performance.now() - started;
  clearInterval(timer);
  const result: BareResult = {
    rows: rows.length,
    succeeded,
    failed,
    ms: Math.round(ms),
    rowsPerSec: Math.round(succeeded / (ms / 1000)),
    peakRssMb: peakRssMb(),
  };
  emit('result', result);
}

void main().catch((e: unknown) => {
  process.stderr.write(`bare loop failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
