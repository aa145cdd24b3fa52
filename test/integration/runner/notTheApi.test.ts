// A 200 that is not the LMS API's answer: a company proxy's or single sign-on's "Please sign in" page, or
// the LMS's website (a web app answers its page for any path) at a base URL that is not the API's. Real
// parts: a local HTTP server playing that page, a SQLite file, the keychain, the runner and Test.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const SIGN_IN =
  '<!DOCTYPE html><html><head><title>Sign in - Corp SSO</title></head><body><h1>Please sign in</h1></body></html>';
/** What each path prefix answers, with status 200 every time. */
const ANSWERS: Record<string, { type: string; body: string; status?: number }> = {
  '/gateway': {
    type: 'text/html',
    status: 502,
    body: '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>',
  },
  '/sso': { type: 'text/html', body: SIGN_IN },
  '/empty': { type: 'application/json', body: '' },
  '/error': {
    type: 'application/json',
    body: JSON.stringify({ message: 'Invalid Authorization header', error: { code: 'UNAUTHORIZED', status: 401 } }),
  },
  '/text': { type: 'text/plain', body: 'OK' },
};

let server: Server;
let base: string;
const seen: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      seen.push(`${req.method} ${req.url}`);
      const answer = ANSWERS[`/${(req.url ?? '').split('/')[1]}`] ?? ANSWERS['/sso']!;
      res.writeHead(answer.status ?? 200, { 'content-type': answer.type }).end(answer.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((r) => server.close(() => r()));
});

const col = (column: string) => ({ kind: 'column' as const, column });

async function coassemble(s: Services, name: string, path: string): Promise<string> {
  const c = await callOk(s, 'connections.save', {
    name,
    baseUrl: `${base}${path}`,
    identity: { api: 'coassemble', scheme: 'workspace', workspaceId: '42' },
    secret: 'a'.repeat(64),
  });
  return c.id;
}

describe('a 200 that is not the LMS API answering', () => {
  const temp = useTempServices();

  it('Test does not say "Connected" to a sign-in page, an empty answer, an error inside a 200, or plain text', async () => {
    const s = await temp.open({ sandbox: false });
    for (const path of ['/sso', '/empty', '/error', '/text']) {
      const r = await callOk(s, 'connections.test', { id: await coassemble(s, `CA ${path}`, path) });
      expect({ path, ok: r.ok, status: r.status }).toEqual({ path, ok: false, status: 200 });
      expect(r.message).not.toMatch(/Connected/);
      expect(r.message).toMatch(/^HTTP 200, but /);
      expect(r.message).toContain('base URL');
    }
    const sso = await callOk(s, 'connections.test', { id: await coassemble(s, 'CA sso again', '/sso') });
    expect(sso.message).toContain('a web page (“Sign in - Corp SSO”)');
    const error = await callOk(s, 'connections.test', { id: await coassemble(s, 'CA error again', '/error') });
    expect(error.message).toContain('Invalid Authorization header');

    const cp = await callOk(s, 'connections.save', {
      name: 'CP sso',
      baseUrl: `${base}/sso`,
      identity: { api: 'coursepath', email: 'admin@acme.com' },
      secret: 'jwt-sso-secret-123',
    });
    const r = await callOk(s, 'connections.test', { id: cp.id });
    expect(r.ok).toBe(false);
    expect(r.message).not.toMatch(/Signed in/);
    expect(r.message).toContain('a web page (“Sign in - Corp SSO”)');
  });

  it('rows answered 200 with a web page are not sent: the job pauses, saying so; nothing is captured as a signed URL', async () => {
    const s = await temp.open({ sandbox: false });
    const connectionId = await coassemble(s, 'Behind SSO', '/sso');
    const datasetId = seedDataset(s.db, ['course', 'learner'], [['12', 'a'], ['13', 'b']]);
    const spec = {
      datasetId,
      connectionId,
      templateId: 'coassemble.courses.signedUrl',
      mapping: { fields: { action: { kind: 'constant' as const, value: 'view' }, courseId: col('course'), identifier: col('learner') } },
      options: { canary: 0, rateLimit: null },
    };
    const job = await callOk(s, 'jobs.create', spec);
    await callOk(s, 'jobs.start', { jobId: job.id });
    const done = await s.runner.whenSettled(job.id);
    // Every row got the page and none got through: judged as the credentials breaker judges refusals, the
    // rows back to pending and the job paused with the page's words (signInPageBreaker.test.ts).
    expect(done.state).toBe('paused');
    expect(done.counts).toMatchObject({ succeeded: 0, failed: 0, pending: 2 });
    expect(done.stopReason?.message).toMatch(
      /A web page answered instead of the LMS's API for each of the 2 rows sent \(HTTP 200, but the answer is a web page \(“Sign in - Corp SSO”\)/,
    );
    const page = await callOk(s, 'jobs.items', { jobId: done.id, offset: 0, limit: 10 });
    for (const item of page.items) {
      expect(item.status).toBe('pending');
      expect(item.captured ?? null).toBeNull();
      const [attempt] = await callOk(s, 'jobs.attempts', { jobId: done.id, itemId: item.id });
      expect(attempt!.error).toMatch(/^HTTP 200, but the answer is a web page \(“Sign in - Corp SSO”\), not the LMS's API/);
    }
  });

  it("a row answered 200 with Coassemble's error envelope inside fails with its message, not succeeded", async () => {
    const s = await temp.open({ sandbox: false });
    const connectionId = await coassemble(s, 'Error inside', '/error');
    const datasetId = seedDataset(s.db, ['course', 'learner'], [['12', 'a']]);
    const job = await callOk(s, 'jobs.create', {
      datasetId,
      connectionId,
      templateId: 'coassemble.courses.signedUrl',
      mapping: { fields: { action: { kind: 'constant' as const, value: 'view' }, courseId: col('course'), identifier: col('learner') } },
      options: { canary: 0, rateLimit: null },
    });
    await callOk(s, 'jobs.start', { jobId: job.id });
    const done = await s.runner.whenSettled(job.id);
    expect(done.counts).toMatchObject({ succeeded: 0, failed: 1 });
    const [item] = (await callOk(s, 'jobs.items', { jobId: done.id, offset: 0, limit: 10 })).items;
    expect(item!.captured ?? null).toBeNull();
    expect(item!.error).toBe(
      'HTTP 200, but the answer is an error (UNAUTHORIZED, status 401): Invalid Authorization header',
    );
  });

  it('a test send answered 200 with a web page does not count its row as sent', async () => {
    const s = await temp.open({ sandbox: false });
    const connectionId = await coassemble(s, 'Behind SSO', '/sso');
    const spec = {
      datasetId: seedDataset(s.db, ['course', 'learner'], [['12', 'a'], ['13', 'b']]),
      connectionId,
      templateId: 'coassemble.courses.signedUrl',
      mapping: { fields: { action: { kind: 'constant' as const, value: 'view' }, courseId: col('course'), identifier: col('learner') } },
    };
    const sent = await callOk(s, 'requests.testSend', { ...spec, rowNumber: 2 });
    expect(sent.status).toBe(200);
    const pre = await callOk(s, 'jobs.preflight', spec);
    expect(pre.counts.alreadySent).toBe(0);
    expect(pre.alreadySentRows).toEqual([]);
  });

  it("Test says a gateway's error page by its words, not its markup", async () => {
    const s = await temp.open({ sandbox: false });
    const r = await callOk(s, 'connections.test', { id: await coassemble(s, 'Gateway', '/gateway') });
    expect(r).toMatchObject({ ok: false, status: 502 });
    expect(r.message).toBe('The LMS answered HTTP 502. The LMS said: “502 Bad Gateway 502 Bad Gateway nginx”.');
  });
});
