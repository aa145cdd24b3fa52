// A single sign-on (or a proxy) in front of the LMS answers every request 200 with its sign-in page: no row
// gets through to the API, and none will. Found by review: each such row failed on its own, and counted as
// "accepted" for the credentials breaker — as if the key worked — so the job sent every row into the page
// and failed them all. It now counts as a refusal: after 3 in a row the job pauses, the rows back to pending.
// Real parts: an HTTP server answering its sign-in page, the real HTTP client, SQLite and the keychain.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callOk } from '../../helpers/callOk';
import { memberJobSpec } from '../../helpers/memberJob';
import { seedDataset, userRows } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const PAGE = '<!doctype html><html><head><title>Sign in – Acme SSO</title></head><body><form>…</form></body></html>';
let sso: Server;
let port = 0;
const seen: string[] = [];

beforeAll(async () => {
  sso = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    req.resume();
    res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
  });
  await new Promise<void>((r) => sso.listen(0, '127.0.0.1', r));
  port = (sso.address() as AddressInfo).port;
});
afterAll(async () => {
  sso.closeAllConnections();
  await new Promise<void>((r) => sso.close(() => r()));
});

describe('a sign-in page in front of the LMS', () => {
  const temp = useTempServices();

  it('pauses the job after 3 rows answered by it, as refused credentials do, the rows back to pending', async () => {
    const s = await temp.open({ sandbox: false });
    const connection = await callOk(s, 'connections.save', {
      name: 'Behind SSO',
      baseUrl: `http://127.0.0.1:${port}`,
      identity: { api: 'coursepath', email: 'admin@sso.example' },
      secret: 's'.repeat(40),
    });
    const datasetId = seedDataset(s.db, ['email', 'first_name', 'last_name'], userRows(8));
    const job = await callOk(s, 'jobs.create', {
      ...memberJobSpec(datasetId, connection.id),
      options: { canary: 0, concurrency: 1 },
    });
    await callOk(s, 'jobs.start', { jobId: job.id });
    const done = await s.runner.whenSettled(job.id);

    expect(seen.filter((r) => r.startsWith('POST'))).toHaveLength(3);
    expect(done.state).toBe('paused');
    expect(done.stopReason?.kind).toBe('auth');
    expect(done.stopReason?.message).toContain('web page (“Sign in – Acme SSO”)');
    expect(done.stopReason?.message).not.toContain('refused the credentials');
    expect(done.counts).toMatchObject({ pending: 8, failed: 0 });
    const rows = await callOk(s, 'jobs.items', { jobId: job.id, offset: 0, limit: 3 });
    expect(rows.items[0]!.note).toContain('a web page answered instead of the LMS');

    // Resumed with the page still there: the check before sending meets it, and no row goes into it.
    const posts = seen.filter((r) => r.startsWith('POST')).length;
    await callOk(s, 'jobs.resume', { jobId: job.id });
    const again = await s.runner.whenSettled(job.id);
    expect(seen.filter((r) => r.startsWith('POST'))).toHaveLength(posts);
    expect(again.state).toBe('paused');
    expect(again.stopReason?.message).toMatch(/^The LMS's API still does not answer for "Behind SSO": a web page came instead/);
    expect(again.counts).toMatchObject({ pending: 8, failed: 0 });
  });
});
