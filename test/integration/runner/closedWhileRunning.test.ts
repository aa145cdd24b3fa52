// Bulk Desk closed while a job sends (the window closed, `serve` stopped with Ctrl+C or SIGTERM): the
// requests in flight finish and are recorded, and the job says what happened — "Bulk Desk was closed",
// not "Paused by you", which the admin did not do. It resumes from where it stopped, nothing sent twice;
// `serve --auto-resume` (autoResume) carries it on by itself, as it does a job a crash interrupted.
// A real sandbox outside the services (it outlives their close), real SQLite, the real keychain.
import { afterEach, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../../src-main/services';
import { startSandbox, type Sandbox } from '../../../src-main/sandbox/index';
import { callOk } from '../../helpers/callOk';
import { memberJobSpec } from '../../helpers/memberJob';
import { saveCoursepathConnection } from '../../helpers/sandboxConnection';
import { seedDataset, userRows } from '../../helpers/seedDataset';
import { tempDir } from '../../helpers/tempDir';

const ROWS = 200;

async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('Bulk Desk closed while a job runs', () => {
  let sandbox: Sandbox | null = null;
  let dir: ReturnType<typeof tempDir> | null = null;
  const open: Services[] = [];
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close().catch(() => {});
    await sandbox?.close();
    dir?.remove();
  });

  const creates = () =>
    sandbox!.ledger.entries().filter((e) => e.method === 'POST' && e.path === '/api/v1/members');

  /** Services on the data folder, a job of ROWS create-member rows started, closed once `sent` have gone. */
  async function closeMidJob(sent: number): Promise<string> {
    // A second create of the same email is a 409: anything sent twice would show.
    sandbox = await startSandbox({ seed: 31, duplicateMember: 'conflict', faults: 'latency:5-15' });
    dir = tempDir();
    const s = await createServices({ dataDir: dir.path, sandbox: false });
    open.push(s);
    const connection = await saveCoursepathConnection(s, sandbox, 'Closed mid-job · Coursepath');
    const datasetId = seedDataset(s.db, ['email', 'first_name', 'last_name'], userRows(ROWS));
    const job = await callOk(s, 'jobs.create', {
      ...memberJobSpec(datasetId, connection.id),
      // 100 rows a second: the close lands mid-job even on a loaded machine (the whole job takes 2 s).
      options: { concurrency: 2, canary: 0, ratePerSecond: 100 },
    });
    await callOk(s, 'jobs.start', { jobId: job.id });
    await waitFor(async () => (await callOk(s, 'jobs.get', { jobId: job.id })).counts.succeeded >= sent);
    await s.close();
    open.splice(open.indexOf(s), 1);
    return job.id;
  }

  it('ends the job interrupted, saying Bulk Desk was closed (not "paused by you"), and resumes it without sending a row twice', async () => {
    const jobId = await closeMidJob(30);
    const sentBeforeClose = creates().length;

    const s = await createServices({ dataDir: dir!.path, sandbox: false });
    open.push(s);
    const job = await callOk(s, 'jobs.get', { jobId });
    expect(job.state).toBe('interrupted');
    expect(job.stopReason?.kind).toBe('closed');
    expect(job.stopReason?.message).toMatch(/Bulk Desk was closed while this job was sending/);
    // The requests in flight finished and their answers were saved: nothing in doubt, nothing lost.
    expect(job.counts.sending).toBe(0);
    expect(job.counts.in_doubt).toBe(0);
    expect(job.counts.succeeded).toBe(sentBeforeClose);
    expect(job.counts.pending).toBe(ROWS - sentBeforeClose);
    // The job's own account says so too.
    const events = await callOk(s, 'jobs.events', { jobId });
    expect(events.map((e) => e.message).join('\n')).toMatch(
      /Bulk Desk was closed while this job was sending/,
    );
    expect(events.map((e) => e.message).join('\n')).not.toMatch(/Paused by you/);
    // Nothing was sent after the close, and nothing is sent until the admin resumes.
    await new Promise((r) => setTimeout(r, 200));
    expect(creates()).toHaveLength(sentBeforeClose);

    await callOk(s, 'jobs.resume', { jobId });
    const done = await s.runner.whenSettled(jobId);
    expect(done.state).toBe('completed');
    expect(done.stopReason).toBeNull();
    expect(done.counts.succeeded).toBe(ROWS);
    expect(creates()).toHaveLength(ROWS);
    expect(creates().every((e) => e.status === 201)).toBe(true);
  });

  it('is carried on by itself when the services start with autoResume (serve --auto-resume)', async () => {
    const jobId = await closeMidJob(20);
    const s = await createServices({ dataDir: dir!.path, sandbox: false, autoResume: true });
    open.push(s);
    const done = await s.runner.whenSettled(jobId);
    expect(done.state).toBe('completed');
    expect(done.counts.succeeded).toBe(ROWS);
    expect(creates()).toHaveLength(ROWS);
    expect(creates().every((e) => e.status === 201)).toBe(true);
  });
});
