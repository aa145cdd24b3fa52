// The CLI when the database refuses writes (issue 20, items 1 and 2), as an admin meets it:
//  - a data folder on a nearly full disk (a real tmpfs of a few MB, filled up), `jobs resume` of an
//    invite job: it used to exit 0 and print nothing, then report "completed" with rows stranded
//    `sending` for ever. Now: exit 1, the cause in words, the rows in flight in doubt with their own
//    hint; after space is freed they are listed (`jobs in-doubt`), kept out of `export --only failed`,
//    and settled by spreadsheet row number (`jobs resolve`) — nothing sent twice unless chosen.
//  - another program holding the write lock for 8 s: the job waits and completes, exit 0.
//  - the app's own backup on a nearly full disk: it is not refreshed (the old one is kept, a warning
//    says why), so it never takes the room the job needs; and a disk too full for the lock file leaves
//    no empty lock behind.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { InDoubtRowDto, JobSummary } from '../../../src-shared/contract/api';
import { createServices } from '../../../src-main/services';
import { startSandbox, type Sandbox } from '../../../src-main/sandbox/index';
import { callOk } from '../../helpers/callOk';
import { holdingProxy, type Hold } from '../../helpers/holdingProxy';
import { armDbLock, holdDbLock } from '../../helpers/holdDbLock';
import { sandboxState } from '../../helpers/sandboxState';
import { seedDataset, userRows } from '../../helpers/seedDataset';
import { fillDisk } from '../../helpers/smallDisk';
import { tempDir } from '../../helpers/tempDir';
import { cli, json, useCliWorld } from './runCli';

const invites = (s: Sandbox) =>
  s.ledger.entries().filter((e) => e.method === 'POST' && /\/members\/\d+\/invite$/.test(e.path) && e.status === 200)
    .length;

/**
 * A data folder with a Coursepath connection to `sandbox` and a ready invite job of `rows` rows;
 * `via`: the origin the connection reaches the sandbox through (a proxy), else the sandbox's own.
 */
async function inviteJobIn(dataDir: string, sandbox: Sandbox, rows: number, via?: string): Promise<string> {
  const s = await createServices({ dataDir, sandbox: false });
  try {
    const cp = sandbox.credentials.coursepath;
    const conn = await callOk(s, 'connections.save', {
      name: 'Academy',
      baseUrl: via ? cp.baseUrl.replace(sandbox.url, via) : cp.baseUrl,
      identity: { api: 'coursepath', email: cp.email },
      secret: cp.apiKey,
    });
    const members = (await sandboxState(sandbox.url)).coursepath.members.map((m) => String(m.id));
    const datasetId = seedDataset(
      s.db,
      ['member_id', 'name'],
      Array.from({ length: rows }, (_, i) => [members[i % members.length]!, `Learner ${i + 1}`]),
    );
    const job = await callOk(s, 'jobs.create', {
      datasetId,
      connectionId: conn.id,
      templateId: 'coursepath.members.invite',
      mapping: { fields: { memberId: { kind: 'column', column: 'member_id' } } },
      // The same members are invited many times on purpose (the sandbox has fewer members than rows).
      options: { concurrency: 6, allowDuplicates: true, canary: 0 },
    });
    return job.id;
  } finally {
    await s.close();
  }
}

describe('CLI and storage faults', () => {
  const w = useCliWorld();
  let mounted: string | null = null;
  let proxyClose: { close(): Promise<void> } | null = null;
  afterEach(async () => {
    await proxyClose?.close();
    proxyClose = null;
    if (mounted) execFileSync('umount', [mounted]);
    mounted = null;
  });

  /** A fresh data folder on a real 12 MB disk (a tmpfs); the test is skipped, saying why, where mount is not permitted. */
  function smallDisk(ctx: { skip: () => void }): string {
    const dir = (w.dir = tempDir());
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=12m', 'tmpfs', dir.path], { stdio: 'pipe' });
      mounted = dir.path;
    } catch (e) {
      console.log(
        `skipped: a small tmpfs is needed for a real full disk and mount is not permitted here (${(e as Error).message.split('\n')[0]}); ` +
          'the injected SQLITE_FULL case in test/integration/runner/storageFaults.test.ts still runs',
      );
      ctx.skip();
    }
    return dir.path;
  }

  it('a nearly full disk: exit 1 with the cause; in-doubt rows are listed, kept out of the failed export, and settled by row number', async (ctx) => {
    const dir = smallDisk(ctx);
    const sandbox = (w.sandbox = await startSandbox({ seed: 21, faults: 'latency:2-6' }));
    // Rows fall in doubt when the disk refuses the answers of requests in flight. So the disk is filled
    // while requests are in flight by construction: a proxy answers the first invites, then keeps the
    // answers of the next ones (they reached the LMS) until the disk is full, and only then lets them back.
    // (Filling the disk while the job ran used to land the fault, some runs, where every answer could
    // still be saved: nothing in doubt, which is right, but not what this test is for.)
    const ANSWERED = 20;
    let invitesSeen = 0;
    let keep = true;
    const proxy = (proxyClose = await holdingProxy(sandbox.url, (method, path): Hold => {
      if (method !== 'POST' || !/\/invite$/.test(path)) return 'pass';
      return ++invitesSeen > ANSWERED && keep ? 'late' : 'pass';
    }));
    // Every row left after the fault is sent when the admin resends one: a few tens keep the test short.
    const ROWS = 60;
    const jobId = await inviteJobIn(dir, sandbox, ROWS, proxy.url);
    const D = ['--data-dir', dir];
    // Each hint to paste carries the --data-dir it was given (else it would reach the default folder).
    const inDoubtHint = new RegExp(
      `rows? (is|are) in doubt: bulk-desk jobs in-doubt ${jobId} --data-dir ${dir}\\n`,
    );

    const running = cli(['jobs', 'resume', jobId, ...D]);
    // Six slots (the job's concurrency): six invites in flight, each committed `sending` before it left.
    const until = Date.now() + 60_000;
    while (proxy.held() < 6) {
      if (Date.now() > until) throw new Error(`only ${proxy.held()} invites held`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const filler = fillDisk(dir, 0); // not a byte left: no write of the job can commit
    keep = false;
    proxy.release();
    const resumed = await running;
    expect(resumed.code, resumed.stderr).toBe(1);
    expect(resumed.stderr).toMatch(new RegExp(`Job ${jobId} interrupted: \\d+ succeeded`));
    expect(resumed.stderr).toMatch(/Stopped: The disk holding .*bulk-desk\.sqlite is full|could not save the job's end/);
    expect(resumed.stderr).toMatch(inDoubtHint);
    expect(resumed.stderr).toContain(`Resume with: bulk-desk jobs resume ${jobId} --data-dir ${dir}\n`);
    expect(resumed.stderr).not.toMatch(/completed/);
    const sentWhenFull = invites(sandbox);
    expect(sentWhenFull).toBe(ANSWERED + 6);

    rmSync(filler); // space freed
    const job = json<JobSummary>(await cli(['jobs', 'show', jobId, '--json', ...D]));
    expect(job.state).toBe('interrupted');
    // 'storage' when the full disk still took the job's end; when it took nothing at all, the next start
    // (this command) finds the job left running and says so ('closed': Bulk Desk stopped while it sent).
    // Which one depends on how many pages the last writes needed, so both are accepted; either way the
    // job says why it stopped.
    expect(['storage', 'closed']).toContain(job.stopReason?.kind);
    expect(job.stopReason?.message).toMatch(/disk holding .* is full|could not save the job's end/);
    expect(job.counts.sending).toBe(0);
    // The answers saved before the disk filled, and the six in flight when it did: none lost, none unaccounted.
    expect(job.counts.succeeded).toBe(ANSWERED);
    expect(job.counts.in_doubt).toBe(6);

    // Rows in doubt may have reached the LMS: never in the file of failed rows to fix and send again.
    const failed = await cli(['jobs', 'export', jobId, '--only', 'failed', ...D]);
    expect(failed.code).toBe(0);
    expect(failed.stdout.replace(/^\uFEFF/, '')).toBe('member_id,name,Bulk Desk: why it was not sent\r\n');

    const listed = json<InDoubtRowDto[]>(await cli(['jobs', 'in-doubt', jobId, '--json', ...D]));
    expect(listed).toHaveLength(job.counts.in_doubt);
    for (const r of listed) {
      expect(r.url).toMatch(/\/api\/v1\/members\/\d+\/invite$/);
      expect(r.keyCells.member_id).toMatch(/^\d+$/);
    }
    const text = await cli(['jobs', 'in-doubt', jobId, ...D]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`Row ${listed[0]!.rowNumber}  member_id=${listed[0]!.keyCells.member_id}`);
    expect(text.stdout).toContain(
      `bulk-desk jobs resolve ${jobId} --rows LIST --mark-succeeded --data-dir ${dir}   only if you have checked`,
    );
    expect(text.stdout).toContain(
      `bulk-desk jobs resolve ${jobId} --rows LIST --resend --data-dir ${dir}           not in the LMS`,
    );

    // A row that is not in doubt is named, and nothing changes.
    const first = listed[0]!.rowNumber;
    const wrong = await cli(['jobs', 'resolve', jobId, '--rows', `${first},${ROWS + 50}`, '--mark-succeeded', ...D]);
    expect(wrong.code).toBe(2); // wrong usage: a value to change
    expect(wrong.stderr).toMatch(new RegExp(`Not in doubt in job ${jobId}: row ${ROWS + 50} is not a row of this job\\.`));
    expect(json<JobSummary>(await cli(['jobs', 'show', jobId, '--json', ...D])).counts.in_doubt).toBe(
      listed.length,
    );
    expect((await cli(['jobs', 'resolve', jobId, '--rows', String(first), ...D])).code).toBe(2); // no decision

    // The admin checked the LMS: the first row never arrived (send it again); the others did.
    const resend = await cli(['jobs', 'resolve', jobId, '--rows', String(first), '--resend', ...D]);
    expect(resend.stderr).toMatch(new RegExp(`1 row of job ${jobId} set to be sent again`));
    expect(resend.stderr).toMatch(new RegExp(`Job ${jobId} completed: ${ROWS - listed.length + 1} succeeded`));
    expect(resend.code).toBe(listed.length > 1 ? 1 : 0); // rows still in doubt: not a clean finish
    if (listed.length > 1) {
      const rest = await cli(['jobs', 'resolve', jobId, '--all', '--mark-succeeded', ...D]);
      expect(rest.code, rest.stderr).toBe(0);
      expect(rest.stderr).toMatch(new RegExp(`${listed.length - 1} rows? of job ${jobId} marked as succeeded`));
    }
    const end = json<JobSummary>(await cli(['jobs', 'show', jobId, '--json', ...D]));
    expect(end.state).toBe('completed');
    expect(end.counts).toMatchObject({ succeeded: ROWS, in_doubt: 0, sending: 0, pending: 0 });
    expect(invites(sandbox)).toBe(ROWS + 1); // every row once, and the one row the admin chose to resend
  }, 180_000);

  it('a nearly full disk: the backup is not refreshed, the old one is kept, and the job has the room it needs', async (ctx) => {
    const dir = smallDisk(ctx);
    const sandbox = (w.sandbox = await startSandbox({ seed: 23, faults: 'latency:2-6' }));
    const D = ['--data-dir', dir];
    const file = join(dir, 'bulk-desk.sqlite');
    const backup = join(dir, 'bulk-desk.backup.sqlite');
    // A backup from a roomier day: the database while it was new (copied by hand with nothing open).
    await (await createServices({ dataDir: dir, sandbox: false })).close();
    copyFileSync(file, backup);
    // Since then the database has more than doubled, so the next open would refresh the backup.
    const ROWS = 100;
    const jobId = await inviteJobIn(dir, sandbox, ROWS);
    const s = await createServices({ dataDir: dir, sandbox: false });
    seedDataset(s.db, ['email', 'first_name', 'last_name'], userRows(60_000));
    await s.close();
    const hash = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');
    const before = hash(backup);

    // ~4 MB free: room for the job (a 100-row job's database and write-ahead log grow by ~2 MB), not for
    // a new backup of the ~3.5 MB database as well.
    fillDisk(dir, 4_000_000);
    const r = await cli(['jobs', 'resume', jobId, '--verbose', ...D]);
    expect(r.stderr).toMatch(/backup of the database not refreshed: the disk holding .* is nearly full/);
    expect(r.stderr).toMatch(/The previous backup, from .*, is kept/);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`Job ${jobId} completed: ${ROWS} succeeded, 0 failed`));
    expect(hash(backup)).toBe(before); // kept as it was
    expect(readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([]);
  }, 120_000);

  it('a disk too full for the lock file: the cause in words, and no empty lock file left behind', async (ctx) => {
    const dir = smallDisk(ctx);
    await (await createServices({ dataDir: dir, sandbox: false })).close();
    fillDisk(dir, 0);
    // A command that writes (a reading one needs no lock, and reads on a full disk: db/openForReading.ts).
    const r = await cli(['datasets', 'delete', 'not-imported', '--data-dir', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/The disk holding .* is full/);
    expect(existsSync(join(dir, 'bulk-desk.lock'))).toBe(false);
  }, 60_000);

  it('another program holds the write lock for 8 s: the job waits, completes, exit 0', async () => {
    const dir = (w.dir = tempDir());
    const sandbox = (w.sandbox = await startSandbox({ seed: 22, faults: 'latency:2-6' }));
    const ROWS = 600;
    const jobId = await inviteJobIn(dir.path, sandbox, ROWS);
    // The other program is started ahead and takes the lock within milliseconds once the job is sending
    // (a Node process can take seconds to start on a loaded machine: then 1500 rows were needed so the job
    // was still going), so the job is caught mid-way and must wait.
    const armed = await armDbLock(join(dir.path, 'bulk-desk.sqlite'), 8000);
    const run = cli(['jobs', 'resume', jobId, '--data-dir', dir.path]);
    while (invites(sandbox) < 100) await new Promise((r) => setTimeout(r, 5));
    const lock = await armed.take();
    expect(invites(sandbox)).toBeLessThan(ROWS); // still sending when the lock was taken
    const r = await run;
    await lock.released;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`Job ${jobId} completed: ${ROWS} succeeded, 0 failed, 0 skipped\\n`));
    expect(invites(sandbox)).toBe(ROWS);
  }, 120_000);

  it('a lock held longer than a command waits: the cause names the database file, in words that read', async () => {
    const dir = (w.dir = tempDir());
    await (await createServices({ dataDir: dir.path, sandbox: false })).close(); // the database exists
    const file = join(dir.path, 'bulk-desk.sqlite');
    const csv = join(dir.path, 'people.csv');
    writeFileSync(csv, 'email\na@example.com\n');
    // Held until the command has given up (however slow the machine), then let go: not a fixed 20 s.
    const lock = await holdDbLock(file, 60_000);
    // A command that only reads opens the file read-only and reads beside the lock (WAL: readers are not
    // blocked by a writer); one that writes waits for it, then says why it gave up.
    const read = await cli(['connections', 'list', '--data-dir', dir.path]);
    expect(read.code, read.stderr).toBe(0);
    const r = await cli(['import', csv, '--data-dir', dir.path]);
    await lock.release();
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(`Error: The database ${file} is locked by another program`);
    expect(r.stderr).not.toMatch(/The database the database/); // it used to read so
  }, 60_000);
});

