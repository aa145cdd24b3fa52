// Deleting a connection is destructive: it removes the keychain secret and, with it now, everything synced
// from that LMS (learners' names and emails, enrolments, tracking snapshots, sync runs), in one
// transaction with the connection row. It used to stay in SQLite, hidden from reports, never removed.
// Main refuses without the phrase, so the app and the CLI ask the same way; jobs keep their own record.
import { Entry } from '@napi-rs/keyring';
import { describe, expect, it } from 'vitest';
import type { Services } from '../../../src-main/services';
import { NetworkError, type HttpResponse } from '../../../src-main/services/http';
import { connectionDeleteSummary } from '../../../src-shared/connections/connectionDeletion';
import { callOk } from '../../helpers/callOk';
import { memberJobSpec } from '../../helpers/memberJob';
import { saveCoursepathConnection } from '../../helpers/sandboxConnection';
import { seedDataset } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';
import { cliHere } from '../cli/runCliHere';

const SERVICE = process.env.BULKDESK_KEYCHAIN_SERVICE ?? 'bulk-desk';
const SYNCED = [
  'synced_courses',
  'synced_course_screens',
  'synced_screen_types',
  'synced_clients',
  'synced_learners',
  'synced_groups',
  'synced_group_members',
  'synced_programs',
  'synced_enrolments',
  'enrolment_snapshots',
  'sync_runs',
];

/** What plans on the connection hold: their rows (old values from the LMS), reads (its records) and list cursors. */
const planDataOf = (s: Services, id: string) =>
  Object.fromEntries(
    ['plan_rows', 'plan_reads', 'plan_lists'].map((t) => [
      t,
      s.db
        .prepare(`SELECT COUNT(*) FROM ${t} WHERE plan_id IN (SELECT id FROM plans WHERE connection_id = ?)`)
        .pluck()
        .get(id) as number,
    ]),
  );
const planCount = (s: Services, id: string) =>
  s.db.prepare('SELECT COUNT(*) FROM plans WHERE connection_id = ?').pluck().get(id) as number;

/** A plan of a member file on the connection, read to the end (it reads the academy's members list). */
async function readPlan(s: Services, connectionId: string, emails: string[]) {
  const datasetId = seedDataset(
    s.db,
    ['email'],
    emails.map((e) => [e]),
  );
  const started = await callOk(s, 'plans.create', { ...memberJobSpec(datasetId, connectionId) });
  const plan = await s.plans.whenDone(started.id);
  expect(plan.state).toBe('ready');
  return plan;
}

const rowsOf = (s: Services, id: string) =>
  Object.fromEntries(
    SYNCED.map((t) => [
      t,
      s.db.prepare(`SELECT COUNT(*) FROM ${t} WHERE connection_id = ?`).pluck().get(id) as number,
    ]),
  );

/** A saved Coursepath connection to the sandbox, synced once, with a job made on it. */
async function syncedConnection(s: Services) {
  const c = await saveCoursepathConnection(s, s.sandbox!, 'Acme Academy');
  await callOk(s, 'sync.start', { connectionIds: [c.id] });
  expect(await s.sync.whenDone(c.id)).toBe('completed');
  const job = await callOk(
    s,
    'jobs.create',
    memberJobSpec(seedDataset(s.db, ['email'], [['a@example.com']]), c.id),
  );
  return { c, job };
}

describe('deleting a connection', () => {
  const temp = useTempServices();
  const open = () => temp.open({ sandbox: { seed: 5 }, sync: { rateLimit: null } });

  it('names what goes, refuses without the phrase, then removes the row, the secret and the synced data', async () => {
    const s = await open();
    const { c, job } = await syncedConnection(s);
    const before = rowsOf(s, c.id);
    expect(before.synced_learners).toBeGreaterThan(0);
    expect(before.enrolment_snapshots).toBeGreaterThan(0);

    const plan = await callOk(s, 'connections.deletePlan', { id: c.id });
    expect(plan).toMatchObject({
      id: c.id,
      name: 'Acme Academy',
      phrase: 'DELETE connection Acme Academy',
      removes: {
        courses: before.synced_courses,
        learners: before.synced_learners,
        enrolments: before.synced_enrolments,
        snapshots: before.enrolment_snapshots,
        syncRuns: before.sync_runs,
      },
      jobsKept: 1,
    });

    for (const confirm of [undefined, 'DELETE connection Other']) {
      const refused = await s.dispatch('connections.delete', { id: c.id, ...(confirm ? { confirm } : {}) });
      expect(refused.ok).toBe(false);
      if (!refused.ok) {
        expect(refused.error.details).toMatchObject({
          field: 'confirm',
          phrase: 'DELETE connection Acme Academy',
        });
        expect(refused.error.message).toContain(`${before.synced_learners} synced learners`);
      }
    }
    expect(rowsOf(s, c.id)).toEqual(before); // nothing went
    expect(new Entry(SERVICE, `connection:${c.id}`).getPassword()).toBeTruthy();

    await callOk(s, 'connections.delete', { id: c.id, confirm: 'delete connection acme academy' });
    expect(Object.values(rowsOf(s, c.id)).every((n) => n === 0)).toBe(true);
    expect(s.db.prepare(`SELECT COUNT(*) FROM connections WHERE id = ?`).pluck().get(c.id)).toBe(0);
    expect(new Entry(SERVICE, `connection:${c.id}`).getPassword()).toBeFalsy();
    expect((await callOk(s, 'jobs.get', { jobId: job.id })).id).toBe(job.id); // History keeps the job
  });

  it("removes what its plans read from that LMS; a job's plan keeps its summary for the job's History", async () => {
    const s = await open();
    const c = await saveCoursepathConnection(s, s.sandbox!, 'Acme Academy');
    const alone = await readPlan(s, c.id, ['new1@example.com', 'new2@example.com']);
    const ran = await readPlan(s, c.id, ['new3@example.com']);
    const job = await callOk(s, 'plans.run', { planId: ran.id, options: {} });
    const before = planDataOf(s, c.id);
    expect(before.plan_reads).toBeGreaterThan(0); // the members list: other learners' emails and names
    expect(before.plan_rows).toBe(3);
    const reads = before.plan_reads!;

    const asked = await callOk(s, 'connections.deletePlan', { id: c.id });
    expect(asked.removes).toMatchObject({ plans: 1, planReads: reads });
    expect(asked.plansKept).toBe(1);
    const summary = connectionDeleteSummary(asked);
    expect(summary).toContain(`2 plans and the ${reads} records they read from the LMS go`);
    expect(summary).toContain(
      "1 plan a job was made from keeps its summary (what it compared, when, its counts) with that job's History",
    );

    const done = await callOk(s, 'connections.delete', {
      id: c.id,
      confirm: 'DELETE connection Acme Academy',
    });
    expect(done).toMatchObject({
      deleted: true,
      removed: { plans: 1, planReads: reads },
      plansKept: 1,
      jobsKept: 1,
    });
    expect(planDataOf(s, c.id)).toEqual({ plan_rows: 0, plan_reads: 0, plan_lists: 0 });
    expect(s.db.prepare('SELECT id FROM plans WHERE connection_id = ?').pluck().all(c.id)).toEqual([ran.id]);
    expect((await s.dispatch('plans.get', { planId: alone.id })).ok).toBe(false);
    // The job and its audit record stay, with the plan it was made from.
    const audit = await callOk(s, 'jobs.audit', { jobId: job.id });
    expect(audit.plan).toMatchObject({ id: ran.id, counts: { create: 1 } });
  });

  it('is refused while a plan reads on it (its reads would be written back)', async () => {
    const s = await open();
    const c = await saveCoursepathConnection(s, s.sandbox!, 'Acme Academy');
    const datasetId = seedDataset(s.db, ['email'], [['new1@example.com']]);
    const started = await callOk(s, 'plans.create', { ...memberJobSpec(datasetId, c.id) });
    const r = await s.dispatch('connections.delete', { id: c.id, confirm: 'DELETE connection Acme Academy' });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.error.message).toMatch(
        /Acme Academy is reading a plan of [^:]+: wait for it to end, then delete it\./,
      );
    await s.plans.whenDone(started.id);
    expect(planCount(s, c.id)).toBe(1);
  });

  it('is refused while the connection syncs (the sync would write its rows back)', async () => {
    const s = await temp.open({ sandbox: { seed: 5 } });
    const c = await saveCoursepathConnection(s, s.sandbox!, 'Acme Academy');
    await callOk(s, 'sync.start', { connectionIds: [c.id] });
    const r = await s.dispatch('connections.delete', { id: c.id, confirm: 'DELETE connection Acme Academy' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/Acme Academy is syncing/);
    await s.sync.whenDone(c.id);
  });

  it('is refused while a job sends on it (its next request would find no secret), and allowed once it is paused', async () => {
    const s = await open();
    const c = await saveCoursepathConnection(s, s.sandbox!, 'Acme Academy');
    const rows = Array.from({ length: 50 }, (_, i) => [`slow${i}@example.com`]);
    const job = await callOk(s, 'jobs.create', {
      ...memberJobSpec(seedDataset(s.db, ['email'], rows), c.id),
      options: { ratePerSecond: 5, canary: 0 },
    });
    await callOk(s, 'jobs.start', { jobId: job.id });
    const r = await s.dispatch('connections.delete', { id: c.id, confirm: 'DELETE connection Acme Academy' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/Acme Academy is sending job [0-9a-f]{8}: pause or cancel it/);
    expect(s.db.prepare(`SELECT COUNT(*) FROM connections WHERE id = ?`).pluck().get(c.id)).toBe(1);
    await callOk(s, 'jobs.pause', { jobId: job.id });
    const paused = await s.runner.whenSettled(job.id);
    const unsent = paused.counts.pending;
    expect(unsent).toBeGreaterThan(0);
    // The question says what the paused job loses (stop 27's regression audit: it said nothing, and
    // afterwards the job's rows could not be sent); a job made and never started counts too.
    await callOk(s, 'jobs.create', memberJobSpec(seedDataset(s.db, ['email'], [['late@example.com']]), c.id));
    const asked = await callOk(s, 'connections.deletePlan', { id: c.id });
    expect(asked.unfinished).toEqual({ jobs: 2, rows: unsent + 1 });
    expect(connectionDeleteSummary(asked)).toContain(
      `2 of them are not finished, with ${unsent + 1} rows not sent: once the connection is gone, those rows ` +
        'cannot be sent from Bulk Desk. Finish or cancel those jobs first if they should go.',
    );
    await callOk(s, 'connections.delete', { id: c.id, confirm: 'DELETE connection Acme Academy' });
  });

  it('names rows still in doubt: once the connection is gone they can no longer be looked up or sent again', async () => {
    // Every request leaves and its answer is lost (the connection drops), as on a flaky network.
    const send = async (): Promise<HttpResponse> => {
      throw new NetworkError('Could not reach api.coassemble.example: ECONNRESET', 3, false);
    };
    const s = await temp.open({ send, sandbox: false });
    const c = await callOk(s, 'connections.save', {
      name: 'Coassemble',
      baseUrl: 'https://api.coassemble.example',
      identity: { api: 'coassemble', scheme: 'workspace', workspaceId: '42' },
      secret: 'a'.repeat(64),
    });
    const datasetId = seedDataset(s.db, ['prompt'], [['Fire safety'], ['First aid']]);
    const job = await callOk(s, 'jobs.create', {
      datasetId,
      connectionId: c.id,
      templateId: 'coassemble.courses.signedUrl',
      mapping: { fields: { action: { kind: 'constant', value: 'edit' }, identifier: { kind: 'column', column: 'prompt' } } },
      options: { canary: 0, rateLimit: null },
    });
    await callOk(s, 'jobs.start', { jobId: job.id });
    expect((await s.runner.whenSettled(job.id)).counts).toMatchObject({ in_doubt: 2 });
    const asked = await callOk(s, 'connections.deletePlan', { id: c.id });
    expect(asked.inDoubt).toEqual({ jobs: 1, rows: 2 });
    expect(connectionDeleteSummary(asked)).toContain(
      'It has 2 rows in doubt (they may or may not have reached the LMS): once the connection is gone, ' +
        'they cannot be looked up or sent again, only marked succeeded or failed. Settle them first ' +
        '(History, or bulk-desk jobs in-doubt) if they may need sending.',
    );
  });

  it('bulk-desk connections delete asks for the phrase (exit 2), naming what goes; with it, deletes', async () => {
    const s = await open();
    const { c } = await syncedConnection(s);
    const learners = rowsOf(s, c.id).synced_learners;
    await readPlan(s, c.id, ['new1@example.com', 'new2@example.com']);
    const reads = planDataOf(s, c.id).plan_reads!;
    expect(reads).toBeGreaterThan(1);
    await temp.close(); // the CLI opens the folder itself
    const D = ['--data-dir', temp.dir];

    const asked = await cliHere(['connections', 'delete', c.id, ...D]);
    expect(asked.code).toBe(2);
    expect(asked.stderr).toContain(`${learners} synced learners`);
    expect(asked.stderr).toMatch(/its secret in the OS keychain/);
    expect(asked.stderr).toMatch(/1 job stays in History/);
    expect(asked.stderr).toContain(`1 plan and the ${reads} records it read from the LMS go`);
    expect(asked.stderr).toContain('Add: --confirm "DELETE connection Acme Academy"');

    const done = await cliHere([
      'connections',
      'delete',
      c.id,
      '--confirm',
      'DELETE connection Acme Academy',
      ...D,
    ]);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain(`Deleted connection ${c.id} (Acme Academy)`);
    expect(done.stdout).toContain(`${learners} synced learners`);
    expect(done.stdout).toContain(`1 plan and the ${reads} records it read from the LMS`);
    const list = await cliHere(['connections', 'list', '--json', ...D]);
    expect((JSON.parse(list.stdout) as { id: string }[]).map((x) => x.id)).not.toContain(c.id);
  });
});
