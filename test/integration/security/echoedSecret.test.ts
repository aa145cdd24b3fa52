// An LMS (or the gateway in front of it, or a framework's debug page) that echoes the request's headers
// in its answer — "400: bad request … Authorization: COASSEMBLE:4242:<key>" — must not put the key into
// SQLite, the row's error, the exports or the CLI: the runner stored answers as they came. Real services,
// the real keychain and SQLite file, a plain node:http listener as that LMS.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { upsertConnection } from '../../../src-main/db/connections';
import { callOk } from '../../helpers/callOk';
import { readAllFiles } from '../../helpers/readAllFiles';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const KEY = '3f'.repeat(32);
const JWT = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/;

describe('an answer that echoes the Authorization header', () => {
  const temp = useTempServices();
  let server: Server | null = null;
  afterEach(async () => {
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    server = null;
  });

  async function echoing(): Promise<string> {
    server = createServer((req, res) => {
      req.resume();
      // Plain text and JSON, as debug pages and gateways give it.
      res
        .writeHead(400, { 'content-type': 'application/json' })
        .end(JSON.stringify({ message: `Bad request; you sent Authorization: ${req.headers.authorization}`, headers: req.headers }));
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('Coassemble key and Coursepath JWT: not in SQLite, the rows, their errors or events', async () => {
    const baseUrl = await echoing();
    const s = await temp.open({});
    const ca = await callOk(s, 'connections.save', {
      name: 'Echo Coassemble',
      baseUrl,
      identity: { api: 'coassemble', scheme: 'workspace', workspaceId: '4242' },
      secret: KEY,
    });
    const cp = await callOk(s, 'connections.save', {
      name: 'Echo Coursepath',
      baseUrl,
      identity: { api: 'coursepath', email: 'admin@example.com' },
      secret: 'coursepath-signing-secret',
    });
    const out: string[] = [];
    const jobs = [
      await callOk(s, 'jobs.create', {
        datasetId: seedDataset(s.db, ['id', 'name'], [['u-1', 'User 1'], ['u-2', 'User 2']]),
        connectionId: ca.id,
        templateId: 'coassemble.users.upsert',
        mapping: { fields: { identifier: { kind: 'column', column: 'id' }, name: { kind: 'column', column: 'name' } } },
        options: { canary: 0, rateLimit: null, undo: false },
      }),
      await callOk(s, 'jobs.create', {
        datasetId: seedDataset(s.db, ['email'], [['a@example.com'], ['b@example.com']]),
        connectionId: cp.id,
        templateId: 'coursepath.members.create',
        mapping: { fields: { email: { kind: 'column', column: 'email' } } },
        options: { canary: 0 },
      }),
    ];
    for (const [i, job] of jobs.entries()) {
      await callOk(s, 'jobs.start', { jobId: job.id, ...(i === 0 ? { confirm: 'OVERWRITE 2 users on Echo Coassemble' } : {}) });
      const done = await s.runner.whenSettled(job.id);
      expect(done.counts.failed, JSON.stringify(done)).toBe(2);
      const rows = await callOk(s, 'jobs.items', { jobId: job.id, offset: 0, limit: 100 });
      out.push(JSON.stringify(done), JSON.stringify(rows));
      out.push(JSON.stringify(await callOk(s, 'jobs.events', { jobId: job.id })));
      for (const item of rows.items) out.push(JSON.stringify(await callOk(s, 'jobs.attempts', { jobId: job.id, itemId: item.id })));
    }
    const text = out.join('\n');
    expect(text).toContain('Bad request; you sent Authorization'); // the LMS's words are kept…
    expect(text).not.toContain(KEY); // …but not the key
    expect(text).not.toMatch(JWT);
    await s.close();
    const files = readAllFiles(temp.dir);
    expect(files).not.toContain(KEY);
    expect(files).not.toMatch(JWT);
  }, 60_000);

  it("Coursepath's signing secret, quoted back by an LMS that knows it: masked in the rows, their errors, attempts, events, exports and the connection's test", async () => {
    const SIGNING = 'cp-signing-secret-9Vq2';
    server = createServer((req, res) => {
      req.resume();
      res
        .writeHead(400, { 'content-type': 'application/json', 'x-debug': `expected key ${SIGNING}` })
        .end(JSON.stringify({ message: `Invalid signature: this academy's secret is ${SIGNING}`, secret: SIGNING }));
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const s = await temp.open({});
    const cp = await callOk(s, 'connections.save', {
      name: 'Echo Signing',
      baseUrl,
      identity: { api: 'coursepath', email: 'admin@example.com' },
      secret: SIGNING,
    });
    const datasetId = seedDataset(s.db, ['email'], [['a@example.com'], ['b@example.com']]);
    const mapping = { fields: { email: { kind: 'column' as const, column: 'email' } } };
    const job = await callOk(s, 'jobs.create', {
      datasetId,
      connectionId: cp.id,
      templateId: 'coursepath.members.create',
      mapping,
      options: { canary: 0 },
    });
    await callOk(s, 'jobs.start', { jobId: job.id });
    const done = await s.runner.whenSettled(job.id);
    expect(done.counts.failed, JSON.stringify(done)).toBe(2);
    const rows = await callOk(s, 'jobs.items', { jobId: job.id, offset: 0, limit: 100 });
    const out = [JSON.stringify(done), JSON.stringify(rows), JSON.stringify(await callOk(s, 'jobs.events', { jobId: job.id }))];
    for (const item of rows.items) out.push(JSON.stringify(await callOk(s, 'jobs.attempts', { jobId: job.id, itemId: item.id })));
    out.push(JSON.stringify(await callOk(s, 'jobs.auditRows', { jobId: job.id, afterRow: 0, limit: 100 })));
    const exported = await callOk(s, 'jobs.export', { jobId: job.id });
    out.push(JSON.stringify(await callOk(s, 'connections.test', { id: cp.id })));
    out.push(JSON.stringify(await callOk(s, 'connections.list', {})));
    out.push(
      JSON.stringify(
        await callOk(s, 'requests.testSend', { datasetId, connectionId: cp.id, templateId: 'coursepath.members.create', mapping, rowNumber: 2 }),
      ),
    );
    const text = out.join('\n');
    expect(text).toContain("Invalid signature: this academy's secret is ••••"); // the LMS's words are kept…
    expect(text).not.toContain(SIGNING); // …but not the secret
    await s.close();
    expect(readFileSync(exported.path, 'utf8')).toContain('Invalid signature');
    expect(readAllFiles(temp.dir)).not.toContain(SIGNING); // SQLite, its log, the export in the data folder
  });

  it('a short token of the retired User id + token scheme: masked in the test result, wherever it is kept', async () => {
    const baseUrl = await echoing();
    const s = await temp.open({});
    // A connection of the retired scheme, saved by an earlier version (none can be made now).
    for (const [id, token] of [
      ['legacy-6', 'Tk7qZ2'],
      ['legacy-3', 'Q9z'],
    ] as const) {
      upsertConnection(s.db, {
        id,
        name: `Old ${id}`,
        api: 'coassemble',
        baseUrl,
        identity: { api: 'coassemble', scheme: 'legacy', userId: '42' },
        isSandbox: false,
        createdAt: 1,
      });
      s.credentials.set(id, { api: 'coassemble', scheme: 'legacy', userId: '42', userToken: token });
      const job = await callOk(s, 'jobs.create', {
        datasetId: seedDataset(s.db, ['id', 'name'], [['u-1', 'User 1']]),
        connectionId: id,
        templateId: 'coassemble.users.upsert',
        mapping: {
          fields: { identifier: { kind: 'column', column: 'id' }, name: { kind: 'column', column: 'name' } },
        },
        options: { canary: 0, rateLimit: null, undo: false },
      });
      await callOk(s, 'jobs.start', { jobId: job.id, confirm: `OVERWRITE 1 user on Old ${id}` });
      const done = await s.runner.whenSettled(job.id);
      expect(done.counts.failed, JSON.stringify(done)).toBe(1);
      const rows = await callOk(s, 'jobs.items', { jobId: job.id, offset: 0, limit: 100 });
      const attempts = await callOk(s, 'jobs.attempts', { jobId: job.id, itemId: rows.items[0]!.id });
      const text = [done, rows, attempts, await callOk(s, 'jobs.events', { jobId: job.id })]
        .map((x) => JSON.stringify(x))
        .join('\n');
      expect(text).toContain('UserToken=••••'); // the LMS's words are kept, the token masked
      expect(text).not.toContain(`UserToken=${token}`);
      if (token.length >= 4) expect(text).not.toContain(token);
    }
    await s.close();
    const files = readAllFiles(temp.dir);
    expect(files).not.toContain('Tk7qZ2');
    expect(files).not.toContain('UserToken=Q9z');
  });

  it("a test send: the LMS's session cookie is masked in the response headers the Preview screen shows", async () => {
    server = createServer((req, res) => {
      req.resume();
      res
        .writeHead(201, { 'content-type': 'application/json', 'set-cookie': 'lms_session=s3ss10nS3cr3t; HttpOnly', 'x-request-id': 'r-1' })
        .end('{"id":"m-1"}');
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const s = await temp.open({});
    const cp = await callOk(s, 'connections.save', {
      name: 'Cookie LMS',
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      identity: { api: 'coursepath', email: 'admin@example.com' },
      secret: 'coursepath-signing-secret',
    });
    const sent = await callOk(s, 'requests.testSend', {
      datasetId: seedDataset(s.db, ['email'], [['a@example.com']]),
      connectionId: cp.id,
      templateId: 'coursepath.members.create',
      mapping: { fields: { email: { kind: 'column', column: 'email' } } },
      rowNumber: 2,
    });
    expect(sent.status).toBe(201);
    expect(sent.responseHeaders['x-request-id']).toBe('r-1');
    expect(sent.responseHeaders['set-cookie']).toBe('••••');
    expect(JSON.stringify(sent)).not.toContain('s3ss10nS3cr3t');
  });
});

