// The sandbox's test hooks (/__sandbox/ledger, /reset, /state) against a real sandbox: they answer only
// to their own loopback Host and their own origin (issue 20, item 7). The ledger holds what tests sent,
// i.e. spreadsheet data, and reset wipes the sandbox, so a DNS-rebinding page (Host: evil.example) or
// another site open in the same browser (Origin: https://evil.example) must get nothing. Scripts and
// tests (node fetch: no Origin) keep working.
import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../src-main/sandbox/index';
import { ca } from './helpers';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ seed: 41 });
});
afterAll(() => sb.close());

/** node:http, so the test can send any Host and Origin it likes. */
function send(
  path: string,
  method: string,
  headers: OutgoingHttpHeaders,
): Promise<{ status: number; body: string }> {
  const u = new URL(sb.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: Number(u.port),
        path,
        method,
        headers: { host: u.host, ...headers },
        setHost: false,
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('sandbox test hooks: Host and Origin', () => {
  it('refuse a foreign Host (DNS rebinding) with 403 and leak no ledger entry', async () => {
    await ca(sb, 'PUT', '/user/hook-secret-row', { json: { metadata: { salary: '91000' } } });
    for (const path of ['/__sandbox/ledger', '/__sandbox/state']) {
      const r = await send(path, 'GET', { host: `evil.example:${new URL(sb.url).port}` });
      expect(r.status, path).toBe(403);
      expect(r.body).toContain('Host');
      expect(r.body).not.toContain('hook-secret-row');
    }
    const reset = await send('/__sandbox/reset', 'POST', { host: 'evil.example' });
    expect(reset.status).toBe(403);
    expect(sb.ledger.entries().some((e) => e.identifier === 'hook-secret-row')).toBe(true); // not reset
  });

  it('refuse a cross-site Origin or Sec-Fetch-Site (another site in the same browser) with 403', async () => {
    await ca(sb, 'PUT', '/user/still-here', { json: {} });
    const crossSite = await send('/__sandbox/reset', 'POST', { origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    expect(crossSite.body).toContain('another origin');
    const noCors = await send('/__sandbox/ledger', 'GET', { 'sec-fetch-site': 'cross-site' });
    expect(noCors.status).toBe(403);
    const ledger = await send('/__sandbox/ledger', 'GET', { origin: 'http://localhost:1' });
    expect(ledger.status).toBe(403);
    expect((await ca(sb, 'GET', '/user/still-here')).status).toBe(200); // the reset did not happen
  });

  it('still answer scripts and tests: no Origin, their own origin, or localhost', async () => {
    expect((await fetch(`${sb.url}/__sandbox/ledger`)).status).toBe(200);
    const port = new URL(sb.url).port;
    expect((await send('/__sandbox/ledger', 'GET', { host: `localhost:${port}` })).status).toBe(200);
    const own = await send('/__sandbox/state', 'GET', { origin: sb.url, 'sec-fetch-site': 'same-origin' });
    expect(own.status).toBe(200);
    expect((await fetch(`${sb.url}/__sandbox/reset`, { method: 'POST' })).status).toBe(200);
  });
});
