// Audit 13b, item 3: "already sent" was kept per connection id, so a second connection to the same LMS
// (the same address and account, saved under another name) sent a file again that the first had sent.
// What was sent counts for every connection that points where it went.
import { afterEach, describe, expect, it } from 'vitest';
import { getConnection, upsertConnection } from '../../../src-main/db/connections';
import { startSandbox, type Sandbox } from '../../../src-main/sandbox/index';
import { SANDBOX_COURSEPATH_ID } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { memberJobSpec } from '../../helpers/memberJob';
import { saveCoursepathConnection } from '../../helpers/sandboxConnection';
import { seedDataset, userRows } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';

describe('two connections to one LMS', () => {
  const temp = useTempServices();

  it('a file sent through one is already sent through the other; another account is another LMS', async () => {
    const s = await temp.open({ sandbox: { seed: 3 } });
    const datasetId = seedDataset(s.db, ['email', 'first', 'last'], userRows(3));
    const spec = (connectionId: string) => memberJobSpec(datasetId, connectionId);
    const job = await callOk(s, 'jobs.create', spec(SANDBOX_COURSEPATH_ID));
    await callOk(s, 'jobs.start', { jobId: job.id });
    expect((await s.runner.whenSettled(job.id)).counts.succeeded).toBe(3);

    const original = getConnection(s.db, SANDBOX_COURSEPATH_ID)!;
    upsertConnection(s.db, {
      ...original,
      id: 'copy',
      name: 'Acme copy',
      isSandbox: false,
      createdAt: Date.now(),
    });
    const copy = await callOk(s, 'jobs.preflight', spec('copy'));
    expect(copy.counts).toMatchObject({ wouldSend: 0, alreadySent: 3 });
    expect(copy.alreadySent[0]).toMatchObject({ jobId: job.id });

    // The same host acting as another member is another account: nothing of it was sent there.
    upsertConnection(s.db, {
      ...original,
      id: 'other',
      name: 'Other admin',
      identity: { api: 'coursepath', email: 'other@sandbox-academy.test' },
      isSandbox: false,
      createdAt: Date.now(),
    });
    expect((await callOk(s, 'jobs.preflight', spec('other'))).counts).toMatchObject({
      wouldSend: 3,
      alreadySent: 0,
    });
  });
});

// "Already sent" follows where each row went, not which connection sent it: a connection pointed at another
// LMS after a run took that run's rows with it, so a new connection to the first LMS sent them again
// (and the re-pointed one skipped them at an LMS that never had them).
describe('a connection pointed elsewhere after a run', () => {
  const temp = useTempServices();
  let other: Sandbox | null = null;
  afterEach(async () => {
    await other?.close();
    other = null;
  });

  it('leaves its rows sent where they went: a new connection there skips them, the re-pointed one sends them', async () => {
    const s = await temp.open({ sandbox: { seed: 5 } });
    const a = s.sandbox!;
    const b = (other = await startSandbox({ seed: 6 }));
    const datasetId = seedDataset(s.db, ['email', 'first', 'last'], userRows(3));
    const spec = (connectionId: string) => memberJobSpec(datasetId, connectionId);

    const acme = await saveCoursepathConnection(s, a, 'Acme');
    const job = await callOk(s, 'jobs.create', { ...spec(acme.id), options: { canary: 0 } });
    await callOk(s, 'jobs.start', { jobId: job.id });
    expect((await s.runner.whenSettled(job.id)).counts.succeeded).toBe(3);
    // One more row sent to A as a test send, through the same connection.
    const extra = seedDataset(s.db, ['email', 'first', 'last'], [['extra@acme.test', 'E', 'X']]);
    const test = await callOk(s, 'requests.testSend', { ...memberJobSpec(extra, acme.id), rowNumber: 2 });
    expect(test.status).toBe(201);

    // "Acme" now points at B (another LMS); "Acme Prod" is made for A.
    const cp = b.credentials.coursepath;
    await callOk(s, 'connections.save', {
      id: acme.id,
      name: 'Acme',
      baseUrl: cp.baseUrl,
      identity: { api: 'coursepath', email: cp.email },
      secret: cp.apiKey,
    });
    const prod = await saveCoursepathConnection(s, a, 'Acme Prod');

    const atA = await callOk(s, 'jobs.preflight', spec(prod.id));
    expect(atA.counts).toMatchObject({ wouldSend: 0, alreadySent: 3 });
    expect(atA.alreadySent[0]).toMatchObject({ jobId: job.id });
    expect((await callOk(s, 'jobs.preflight', memberJobSpec(extra, prod.id))).counts).toMatchObject({
      wouldSend: 0,
      alreadySent: 1,
    });
    const atB = await callOk(s, 'jobs.preflight', spec(acme.id));
    expect(atB.counts).toMatchObject({ wouldSend: 3, alreadySent: 0 });
    expect((await callOk(s, 'jobs.preflight', memberJobSpec(extra, acme.id))).counts).toMatchObject({
      wouldSend: 1,
      alreadySent: 0,
    });
  });
});

// Rows sent before row keys existed that could not be keyed (a manual configuration's, say) cannot be
// compared: the dry run and Run say how many there are on this LMS. They were counted per connection id,
// so a second connection to the same LMS said nothing of them — and a re-pointed one counted rows of
// the LMS it left.
describe('rows that could not be keyed', () => {
  const temp = useTempServices();

  it('are counted where they went, whichever connection sent them', async () => {
    const s = await temp.open({ sandbox: { seed: 7 } });
    const datasetId = seedDataset(s.db, ['email', 'first', 'last'], userRows(2));
    const spec = (connectionId: string) => memberJobSpec(datasetId, connectionId);
    const job = await callOk(s, 'jobs.create', spec(SANDBOX_COURSEPATH_ID));
    await callOk(s, 'jobs.start', { jobId: job.id });
    expect((await s.runner.whenSettled(job.id)).counts.succeeded).toBe(2);
    // As a job sent before keys, whose rows the backfill could not key.
    s.db.prepare('UPDATE job_items SET row_key = NULL WHERE job_id = ?').run(job.id);

    const original = getConnection(s.db, SANDBOX_COURSEPATH_ID)!;
    upsertConnection(s.db, {
      ...original,
      id: 'copy',
      name: 'Acme copy',
      isSandbox: false,
      createdAt: Date.now(),
    });
    expect((await callOk(s, 'jobs.preflight', spec('copy'))).uncheckedEarlier).toBe(2);

    upsertConnection(s.db, {
      ...original,
      id: 'other',
      name: 'Other admin',
      identity: { api: 'coursepath', email: 'other@sandbox-academy.test' },
      isSandbox: false,
      createdAt: Date.now(),
    });
    expect((await callOk(s, 'jobs.preflight', spec('other'))).uncheckedEarlier).toBe(0);
  });
});
