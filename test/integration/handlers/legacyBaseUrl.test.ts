// Connections saved before base URLs were checked (src-shared/connections/baseUrl.ts) may still hold a
// user name and password in the address, or plain http:// to another machine. They sit in users' SQLite
// files as an old version saved them: nothing may be sent with them, the refusal names the connection and
// the fix without echoing the address, and no list or message shows the password.
// Real services, the real keychain and SQLite file, a plain node:http listener as the LMS.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { upsertConnection } from '../../../src-main/db/connections';
import type { Services } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { memberJobSpec } from '../../helpers/memberJob';
import { seedDataset, userRows } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

const KEY = 's3cr3t-signing-key-for-the-academy';

describe('legacy connections whose base URL would be refused today', () => {
  const temp = useTempServices();
  let server: Server | null = null;
  let hits = 0;
  afterEach(async () => {
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    server = null;
    hits = 0;
  });
  async function lms(): Promise<number> {
    server = createServer((_req, res) => {
      hits++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":[]}');
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    return (server.address() as AddressInfo).port;
  }
  /** A connection row as an old version saved it, with its secret in the keychain. */
  function legacy(s: Services, baseUrl: string, name = 'Old prod'): string {
    const id = `legacy-${Math.random().toString(36).slice(2)}`;
    upsertConnection(s.db, {
      id,
      name,
      api: 'coursepath',
      baseUrl,
      identity: { api: 'coursepath', email: 'admin@example.com' },
      isSandbox: false,
      createdAt: Date.now(),
    });
    s.credentials.set(id, { api: 'coursepath', apiKey: KEY });
    return id;
  }
  function refusal(r: { ok: boolean; error?: { message: string } }, id: string): string {
    expect(r.ok).toBe(false);
    const m = r.error!.message;
    expect(m).toContain('"Old prod"');
    expect(m).toContain(`bulk-desk connections edit ${id} --base-url`);
    expect(m).toContain('Nothing was sent');
    expect(m).not.toContain('hunter2');
    return m;
  }

  it('a password in the address: test, test send, job create and start, sync and plans send nothing', async () => {
    const port = await lms();
    const s = await temp.open({ sandbox: false });
    const id = legacy(s, `http://admin:hunter2@127.0.0.1:${port}`);

    expect(refusal(await s.dispatch('connections.test', { id }), id)).toMatch(/user name and password/);
    const datasetId = seedDataset(s.db, ['email', 'first_name', 'last_name'], userRows(2));
    refusal(await s.dispatch('requests.testSend', { ...memberJobSpec(datasetId, id), rowNumber: 2 }), id);
    // The preview (not a send) shows the request's address without the password.
    const [preview] = await callOk(s, 'requests.preview', { ...memberJobSpec(datasetId, id), offset: 0, limit: 1 });
    expect(preview!.url).toMatch(/^http:\/\/••••@127\.0\.0\.1:\d+\//);
    refusal(await s.dispatch('jobs.create', memberJobSpec(datasetId, id)), id);
    refusal(await s.dispatch('sync.start', { connectionIds: [id] }), id);
    // Over every connection it is left out with why (the others sync: test/integration/sync/syncSkipped).
    const all = await callOk(s, 'sync.start', {});
    expect(all.find((x) => x.connectionId === id)?.notSynced?.reason).toBe('address');
    expect(JSON.stringify(all)).not.toContain('hunter2');
    refusal(await s.dispatch('plans.create', { ...memberJobSpec(datasetId, id), source: 'live' }), id);
    expect(hits).toBe(0);
  });

  it('a key in the address (pasted there too, before this was checked): nothing is sent with it', async () => {
    const port = await lms();
    const s = await temp.open({ sandbox: false });
    const hex = 'c0ffee'.repeat(10) + 'beef';
    const id = legacy(s, `http://127.0.0.1:${port}/${hex}`);
    const m = refusal(await s.dispatch('connections.test', { id }), id);
    expect(m).toMatch(/looks like a key or token/);
    expect(m).not.toContain(hex);
    const listed = (await callOk(s, 'connections.list', {})).find((c) => c.id === id);
    expect(listed?.addressProblem).toMatch(/looks like a key or token/);
    // Shown without the key, in the list as in a refusal.
    expect(listed?.baseUrl).toBe(`http://127.0.0.1:${port}/••••`);
    expect(JSON.stringify(await callOk(s, 'connections.list', {}))).not.toContain(hex);
    // A rename that sends back the address as shown changes nothing else: the address must be fixed first.
    const renamed = await s.dispatch('connections.save', {
      id,
      name: 'Old prod renamed',
      baseUrl: listed!.baseUrl,
      identity: { api: 'coursepath', email: 'admin@example.com' },
    });
    expect(renamed.ok).toBe(false);
    if (!renamed.ok) expect(renamed.error.message).toMatch(/looks like a key or token.*stored by an earlier version/);
    expect((await callOk(s, 'connections.list', {})).find((c) => c.id === id)?.name).toBe('Old prod');
    expect(hits).toBe(0);
  });

  it('a job made before the address was checked: start is refused before anything is sent', async () => {
    const port = await lms();
    const s = await temp.open({ sandbox: false });
    const good = await callOk(s, 'connections.save', {
      name: 'Old prod',
      baseUrl: `http://127.0.0.1:${port}`,
      identity: { api: 'coursepath', email: 'admin@example.com' },
      secret: KEY,
    });
    const datasetId = seedDataset(s.db, ['email', 'first_name', 'last_name'], userRows(2));
    const job = await callOk(s, 'jobs.create', memberJobSpec(datasetId, good.id));
    // As the old version had it: the job made for (and the connection at) the address with a password.
    const old = `http://admin:hunter2@127.0.0.1:${port}`;
    s.db.prepare('UPDATE connections SET base_url = ? WHERE id = ?').run(old, good.id);
    s.db
      .prepare(`UPDATE jobs SET target_json = json_set(target_json, '$.baseUrl', ?) WHERE id = ?`)
      .run(old, job.id);
    const r = await s.dispatch('jobs.start', { jobId: job.id });
    refusal(r, good.id);
    expect(hits).toBe(0);
    expect((await callOk(s, 'jobs.get', { jobId: job.id })).state).not.toBe('running');

    // The fix the refusal names: the same LMS without the password. The secret stays, and the job carries on.
    const fixed = await callOk(s, 'connections.save', {
      id: good.id,
      name: 'Old prod',
      baseUrl: `http://127.0.0.1:${port}`,
      identity: { api: 'coursepath', email: 'admin@example.com' },
    });
    expect(fixed).toMatchObject({ secretRemoved: false, secretState: 'stored', addressProblem: null });
    await callOk(s, 'jobs.start', { jobId: job.id });
    await s.runner.whenSettled(job.id);
    expect(hits).toBeGreaterThan(0);

    // Rows sent by the old version carried the password in their stored address: shown masked.
    s.db.prepare(`UPDATE job_items SET url = replace(url, 'http://', 'http://admin:hunter2@') WHERE job_id = ?`).run(job.id);
    s.db
      .prepare(`UPDATE attempts SET url = replace(url, 'http://', 'http://admin:hunter2@') WHERE item_id IN (SELECT id FROM job_items WHERE job_id = ?)`)
      .run(job.id);
    const page = await callOk(s, 'jobs.items', { jobId: job.id, offset: 0, limit: 10 });
    expect(page.items.length).toBeGreaterThan(0);
    const attempts = await callOk(s, 'jobs.attempts', { jobId: job.id, itemId: page.items[0]!.id });
    expect(JSON.stringify([page, attempts])).not.toContain('hunter2');
    expect(page.items[0]!.url).toMatch(/^http:\/\/••••@127\.0\.0\.1/);

    // A test send made by the old version: its history shows the address masked too.
    await callOk(s, 'requests.testSend', { ...memberJobSpec(datasetId, good.id), rowNumber: 2 });
    s.db.prepare(`UPDATE test_calls SET url = replace(url, 'http://', 'http://admin:hunter2@')`).run();
    const calls = await callOk(s, 'requests.testCalls', { connectionId: good.id, offset: 0, limit: 10 });
    expect(calls.items.length).toBe(1);
    expect(JSON.stringify(calls)).not.toContain('hunter2');

    // Its audit record, written by the old version with the address as it was then: masked when read.
    s.db
      .prepare(`UPDATE jobs SET audit_json = json_set(audit_json, '$.connection.baseUrl', ?) WHERE id = ?`)
      .run(old, job.id);
    const audit = await callOk(s, 'jobs.audit', { jobId: job.id });
    expect(audit.connection?.baseUrl).toBe(`http://••••@127.0.0.1:${port}`);
    const auditRows = await callOk(s, 'jobs.auditRows', { jobId: job.id, afterRow: 0, limit: 10 });
    expect(JSON.stringify([audit, auditRows])).not.toContain('hunter2');
  });

  it('plain http:// fixed to https:// is the same LMS: rows sent before are already sent; the key given for http is not kept', async () => {
    const port = await lms();
    const s = await temp.open({ sandbox: false });
    const c = await callOk(s, 'connections.save', {
      name: 'Old prod',
      baseUrl: `http://127.0.0.1:${port}`,
      identity: { api: 'coursepath', email: 'admin@example.com' },
      secret: KEY,
    });
    const spec = memberJobSpec(seedDataset(s.db, ['email', 'first_name', 'last_name'], userRows(2)), c.id);
    const job = await callOk(s, 'jobs.create', spec);
    await callOk(s, 'jobs.start', { jobId: job.id });
    expect((await s.runner.whenSettled(job.id)).counts.succeeded).toBe(2);
    // As an old version had it: the connection, and the job it ran, at plain http:// on another machine.
    const old = 'http://academy.example.com';
    s.db.prepare('UPDATE connections SET base_url = ? WHERE id = ?').run(old, c.id);
    s.db.prepare(`UPDATE jobs SET target_json = json_set(target_json, '$.baseUrl', ?) WHERE id = ?`).run(old, job.id);

    const fixed = await callOk(s, 'connections.save', {
      id: c.id,
      name: 'Old prod',
      baseUrl: 'https://academy.example.com',
      identity: { api: 'coursepath', email: 'admin@example.com' },
    });
    expect(fixed).toMatchObject({ secretRemoved: true, addressProblem: null }); // it went in clear: enter (a new) one
    expect((await callOk(s, 'jobs.preflight', spec)).counts).toMatchObject({ wouldSend: 0, alreadySent: 2 });
  });

  it('plain http:// to another machine is refused by name, with the fix', async () => {
    const s = await temp.open({ sandbox: false });
    const id = legacy(s, 'http://academy.invalid');
    const m = refusal(await s.dispatch('connections.test', { id }), id);
    expect(m).toMatch(/use https:\/\//);
  });

  it('renaming one without fixing its address: refused, saying to give the right address in the same edit', async () => {
    const s = await temp.open({ sandbox: false });
    const id = legacy(s, 'https://admin:hunter2@academy.example.com');
    const [listed] = await callOk(s, 'connections.list', {});
    // As the app's edit form and the CLI's edit send it: the address as listed (masked), a new name.
    const r = await s.dispatch('connections.save', { id, name: 'New name', baseUrl: listed!.baseUrl, identity: listed!.identity });
    expect(r.ok).toBe(false);
    const m = (r as { error: { message: string } }).error.message;
    expect(m).toMatch(/^base URL: remove the user name and password/);
    expect(m).toContain(`give the right address in this same edit (\`bulk-desk connections edit ${id} --base-url URL\` with your other changes`);
    expect(m).not.toContain('hunter2');
    expect((await callOk(s, 'connections.list', {}))[0]!.name).toBe('Old prod');
  });

  it('connections list shows no password, and says the address needs fixing', async () => {
    const s = await temp.open({ sandbox: false });
    legacy(s, 'https://admin:hunter2@academy.example.com');
    const [c] = await callOk(s, 'connections.list', {});
    expect(c!.baseUrl).toBe('https://••••@academy.example.com');
    expect(c!.addressProblem).toMatch(/^base URL: remove the user name and password/);
    expect(JSON.stringify(c)).not.toContain('hunter2');
  });

  it('a connection re-pointed since the job was made: the refusal does not echo a password either', async () => {
    const port = await lms();
    const s = await temp.open({ sandbox: false });
    const good = await callOk(s, 'connections.save', {
      name: 'Old prod',
      baseUrl: `http://127.0.0.1:${port}`,
      identity: { api: 'coursepath', email: 'admin@example.com' },
      secret: KEY,
    });
    const datasetId = seedDataset(s.db, ['email', 'first_name', 'last_name'], userRows(1));
    const job = await callOk(s, 'jobs.create', memberJobSpec(datasetId, good.id));
    s.db
      .prepare(`UPDATE jobs SET target_json = json_set(target_json, '$.baseUrl', ?) WHERE id = ?`)
      .run('https://admin:hunter2@elsewhere.example.com', job.id);
    const r = await s.dispatch('jobs.start', { jobId: job.id });
    expect(r.ok).toBe(false);
    expect(r.ok || r.error.message).toContain('https://••••@elsewhere.example.com');
    expect(r.ok || r.error.message).not.toContain('hunter2');
    expect(hits).toBe(0);
  });
});
