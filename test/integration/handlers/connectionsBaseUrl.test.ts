// What a connection's base URL may be (src-shared/connections/baseUrl.ts). Every request takes the
// secret to it, and the address itself is stored and shown as typed: a password in it
// (https://admin:hunter2@academy…) was saved to SQLite and printed by `connections list`, and a plain
// http:// address to another machine was accepted, so the Coassemble key crossed the network in clear.
// Real services, the real keychain and SQLite file, a plain node:http listener as the LMS.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionIdentity } from '../../../src-shared/contract/api';
import { baseUrlProblem } from '../../../src-shared/connections/baseUrl';
import { callOk } from '../../helpers/callOk';
import { readAllFiles } from '../../helpers/readAllFiles';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const KEY = 'a'.repeat(64);
const identity: ConnectionIdentity = { api: 'coassemble', scheme: 'workspace', workspaceId: '42' };

describe('connections: the base URL a secret is sent to', () => {
  const temp = useTempServices();
  let server: Server | null = null;
  afterEach(async () => {
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    server = null;
  });

  it('refuses a user name or password in it, naming the field and never echoing the address', async () => {
    const s = await temp.open({});
    const r = await s.dispatch('connections.save', {
      name: 'Prod',
      baseUrl: 'https://admin:hunter2@api.coassemble.com',
      identity,
      secret: KEY,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message).toMatch(/^base URL: remove the user name and password/);
    expect(r.error.message).not.toContain('hunter2');
    expect((await callOk(s, 'connections.list', {})).filter((c) => !c.isSandbox)).toEqual([]); // nothing saved, nothing in the keychain
    await s.close();
    expect(readAllFiles(temp.dir)).not.toContain('hunter2');
  });

  it('refuses the secret typed into the base URL or the name, new or edited, never echoing it', async () => {
    // Both are stored in SQLite and shown as typed (lists, phrases, audit exports): the key pasted into the
    // address field as well as the secret field was saved there in clear.
    const s = await temp.open({});
    const cpSecret = 'hunter2-academy-signing-secret';
    const cp: ConnectionIdentity = { api: 'coursepath', email: 'admin@acme.example' };
    const tries = [
      {
        name: 'Prod',
        baseUrl: `https://api.coassemble.com/COASSEMBLE:42:${KEY}`,
        identity,
        secret: KEY,
        field: 'base URL',
      },
      {
        name: 'Prod',
        baseUrl: `https://api.coassemble.com/${'b'.repeat(64)}`,
        identity,
        secret: KEY,
        field: 'base URL',
      },
      { name: `Prod ${KEY}`, baseUrl: 'https://api.coassemble.com', identity, secret: KEY, field: 'name' },
      {
        name: 'Acme',
        baseUrl: `https://acme.coursepath.com/${cpSecret}`,
        identity: cp,
        secret: cpSecret,
        field: 'base URL',
      },
    ];
    for (const { field, ...input } of tries) {
      const r = await s.dispatch('connections.save', input);
      expect(r.ok, input.baseUrl).toBe(false);
      if (r.ok) continue;
      expect(r.error.message.startsWith(`${field}: it holds `), r.error.message).toBe(true);
      expect(r.error.message).not.toContain(KEY);
      expect(r.error.message).not.toContain(cpSecret);
    }
    expect((await callOk(s, 'connections.list', {})).filter((c) => !c.isSandbox)).toEqual([]);
    // An edit with no new secret: the stored one is what the address must not hold.
    const saved = await callOk(s, 'connections.save', {
      name: 'Acme',
      baseUrl: 'https://acme.coursepath.com',
      identity: cp,
      secret: cpSecret,
    });
    const edit = await s.dispatch('connections.save', {
      id: saved.id,
      name: 'Acme',
      baseUrl: `https://acme.coursepath.com/${cpSecret}`,
      identity: cp,
    });
    expect(edit.ok).toBe(false);
    await s.close();
    const files = readAllFiles(temp.dir);
    expect(files).not.toContain(KEY);
    expect(files).not.toContain(cpSecret);
  });

  it('refuses plain http:// to another machine, new or edited, even with the secret given again', async () => {
    const s = await temp.open({});
    const r = await s.dispatch('connections.save', {
      name: 'Prod',
      baseUrl: 'http://api.coassemble.com',
      identity,
      secret: KEY,
    });
    expect(r.ok || r.error.message).toMatch(/^base URL: use https:\/\/, not http:\/\/: .* unencrypted/);

    const saved = await callOk(s, 'connections.save', {
      name: 'Prod',
      baseUrl: 'https://api.coassemble.com/',
      identity,
      secret: KEY,
    });
    expect(saved.baseUrl).toBe('https://api.coassemble.com');
    const edit = await s.dispatch('connections.save', {
      id: saved.id,
      name: 'Prod',
      baseUrl: 'http://api.coassemble.com',
      identity,
      secret: KEY,
    });
    expect(edit.ok).toBe(false);
    const kept = (await callOk(s, 'connections.list', {})).find((c) => c.id === saved.id);
    expect(kept).toMatchObject({ baseUrl: 'https://api.coassemble.com', secretState: 'stored' });
  });

  it('accepts http:// on this computer: the key reaches that listener and no other', async () => {
    const seen: IncomingHttpHeaders[] = [];
    server = createServer((req, res) => {
      seen.push(req.headers);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":[]}');
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const s = await temp.open({});
    const saved = await callOk(s, 'connections.save', {
      name: 'Local',
      baseUrl: `http://localhost:${port}`,
      identity,
      secret: KEY,
    });
    expect((await callOk(s, 'connections.test', { id: saved.id })).ok).toBe(true);
    expect(seen.map((h) => h.authorization)).toEqual([`COASSEMBLE:42:${KEY}`]);
  });

  it('a redirect to another host: not followed (that host gets nothing), and the test says where it points and what to do', async () => {
    const elsewhere: IncomingHttpHeaders[] = [];
    const other = createServer((req, res) => {
      elsewhere.push(req.headers);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":[]}');
    });
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    server = createServer((req, res) => {
      res.writeHead(301, { location: `${otherUrl}${req.url}`, 'content-type': 'text/html' }).end('<html>Moved</html>');
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    try {
      const s = await temp.open({});
      const saved = await callOk(s, 'connections.save', {
        name: 'Moved',
        baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        identity,
        secret: KEY,
      });
      const r = await callOk(s, 'connections.test', { id: saved.id });
      expect(r).toMatchObject({ ok: false, status: 301 });
      expect(r.message).toBe(
        `The LMS answered HTTP 301: it sends requests on to ${otherUrl}/api/v1/headless/courses?length=1&page=0. ` +
          "Bulk Desk does not follow redirects, so the key goes only to the address you saved: if that is your LMS's " +
          "API address, edit the connection's base URL to it (and enter the secret again).",
      );
      expect(elsewhere).toEqual([]);
    } finally {
      await new Promise<void>((r) => other.close(() => r()));
    }
  });

  it("a job's rows redirected elsewhere: nothing follows them there, and each row's error says where and what to do", async () => {
    const elsewhere: IncomingHttpHeaders[] = [];
    const other = createServer((req, res) => {
      elsewhere.push(req.headers);
      res.writeHead(201, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    server = createServer((req, res) => {
      req.resume();
      res.writeHead(308, { location: `${otherUrl}${req.url}` }).end();
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    try {
      const s = await temp.open({});
      const cp = await callOk(s, 'connections.save', {
        name: 'Moved academy',
        baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        identity: { api: 'coursepath', email: 'admin@example.com' },
        secret: 'coursepath-signing-secret',
      });
      const job = await callOk(s, 'jobs.create', {
        datasetId: seedDataset(s.db, ['email'], [['a@example.com'], ['b@example.com']]),
        connectionId: cp.id,
        templateId: 'coursepath.members.create',
        mapping: { fields: { email: { kind: 'column', column: 'email' } } },
        options: { canary: 0 },
      });
      await callOk(s, 'jobs.start', { jobId: job.id });
      const done = await s.runner.whenSettled(job.id);
      expect(done.counts.failed).toBe(2);
      const rows = await callOk(s, 'jobs.items', { jobId: job.id, offset: 0, limit: 10 });
      for (const row of rows.items)
        expect(row.error).toBe(
          `HTTP 308: the LMS sends this request on to ${otherUrl}/api/v1/members, and Bulk Desk does not follow ` +
            "redirects (the key would go with it). If that is the LMS's API address, edit the connection's base URL to it.",
        );
      expect(elsewhere).toEqual([]);
    } finally {
      await new Promise<void>((r) => other.close(() => r()));
    }
  });

  it('a relative redirect ("/login") is named as the whole address it points to, in the test and in a row', async () => {
    server = createServer((req, res) => {
      req.resume();
      res.writeHead(302, { location: '/login?next=api' }).end();
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const s = await temp.open({});
    const cp = await callOk(s, 'connections.save', {
      name: 'Login page',
      baseUrl: base,
      identity: { api: 'coursepath', email: 'admin@example.com' },
      secret: 'coursepath-signing-secret',
    });
    const r = await callOk(s, 'connections.test', { id: cp.id });
    expect(r.message).toContain(`it sends requests on to ${base}/login?next=api.`);
    const job = await callOk(s, 'jobs.create', {
      datasetId: seedDataset(s.db, ['email'], [['a@example.com']]),
      connectionId: cp.id,
      templateId: 'coursepath.members.create',
      mapping: { fields: { email: { kind: 'column', column: 'email' } } },
      options: { canary: 0 },
    });
    await callOk(s, 'jobs.start', { jobId: job.id });
    await s.runner.whenSettled(job.id);
    const [row] = (await callOk(s, 'jobs.items', { jobId: job.id, offset: 0, limit: 1 })).items;
    expect(row!.error).toContain(`the LMS sends this request on to ${base}/login?next=api, and`);
  });

  it('reads addresses as they are typed', () => {
    const ok = [
      'https://academy123xxx.coursepath.com',
      'HTTPS://API.COASSEMBLE.COM/',
      'https://lms.example.com:8443/base',
      'http://127.0.0.1:4010',
      'http://[::1]:4010',
      'http://localhost',
      'https://gateway.example.com/lms/apiary',
    ];
    for (const url of ok) expect(baseUrlProblem(url), url).toBeNull();
    const refused: [string, RegExp][] = [
      ['ftp://lms.example.com', /ftp:\/\/ is not one/],
      ['javascript:alert(1)', /must be an https:\/\/ address/],
      ['https://user@lms.example.com', /user name and password/],
      ['https://u:p@lms.example.com:443/x', /user name and password/],
      ['http://lms.example.com', /not http:\/\//],
      ['http://127.0.0.1.evil.example', /not http:\/\//],
      ['http://localhost@evil.example', /user name and password/],
      ['https://lms.example.com/?tenant=1', /"\?…" or "#…"/],
      ['https://lms.example.com#x', /"\?…" or "#…"/],
      ['https://:443', /has no host/],
      // The API's own path, copied from its docs: Bulk Desk adds it to every request, so it would go twice
      // (…/api/v1/headless/api/v1/headless/courses: 404 on every call).
      ['https://api.coassemble.com/api/v1/headless', /remove "\/api\/v1\/headless"/],
      ['https://api.coassemble.com/api/v1/headless/', /remove "\/api\/v1\/headless"/],
      ['https://api.coassemble.com/api', /remove "\/api"/],
      ['https://academy1.coursepath.com/api/v1', /remove "\/api\/v1"/],
      ['https://academy1.coursepath.com/API/V1/', /remove "\/API\/V1"/],
    ];
    for (const [url, why] of refused) expect(baseUrlProblem(url), url).toMatch(why);
  });
});
