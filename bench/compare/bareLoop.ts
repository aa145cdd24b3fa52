// The ceiling: the least a program can do to send the same requests. The CSV parsed whole by
// papaparse, then `concurrency` loops each taking the next row, form-encoding email and name, minting
// the same HS256 JWT (fresh jti, iat) and POSTing it through the runner's own HTTP exchange
// (src-main/services/http.ts: node:http, its keep-alive agent, a deadline per request, no redirects),
// so the two differ in what Bulk Desk adds, not in how they use HTTP.
// No storage, no retries, no throttle, no progress: what Bulk Desk costs is the distance to this.
//   node --import tsx bench/compare/bareLoop.ts --csv F --base-url U --email E --secret S [--concurrency 8]
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { REQUEST_TIMEOUT_MS } from '../../src-main/runner/connectionDefaults';
import { sendHttp } from '../../src-main/services/http';
import { arg, emit, peakRssMb, profileSendingWindow, type CpuSendResult } from './child';

export type BareResult = CpuSendResult;

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
  const stopProfile = await profileSendingWindow();
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const elu0 = performance.eventLoopUtilization();
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
        const res = await sendHttp({
          method: 'POST',
          url,
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            accept: 'application/json',
            authorization: `Bearer ${jwt(acting, secret)}`,
          },
          body: new URLSearchParams({
            email: r.email ?? '',
            name: `${r.first_name} ${r.last_name}`,
          }).toString(),
          timeoutMs: REQUEST_TIMEOUT_MS,
        });
        if (res.status >= 200 && res.status < 300) succeeded++;
        else failed++;
      } catch {
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  const elu = performance.eventLoopUtilization(elu0);
  await stopProfile();
  clearInterval(timer);
  const result: BareResult = {
    rows: rows.length,
    succeeded,
    failed,
    ms: Math.round(ms),
    cpuUsPerRow: Math.round((cpu.user + cpu.system) / rows.length),
    mainThreadUsPerRow: Math.round((elu.active * 1000) / rows.length),
    rowsPerSec: Math.round(succeeded / (ms / 1000)),
    peakRssMb: peakRssMb(),
  };
  emit('result', result);
}

void main().catch((e: unknown) => {
  process.stderr.write(`bare loop failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
