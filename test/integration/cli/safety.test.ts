// Issue 13's "Done when", tried from the CLI as an admin would: the `bulk-desk` bin in its own process on
// a fresh data folder, the real keychain, and a real sandbox LMS whose ledger shows what was sent.
// Every run and resume is the bin's own process; the reads and refusals checked after a first one (jobs
// show/events, a wrong phrase again, export and import) run the same router in this process (cliHere).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { upsertConnection } from '../../../src-main/db/connections';
import { startSandbox, type Sandbox } from '../../../src-main/sandbox/index';
import { createServices } from '../../../src-main/services';
import { createKeychainStore } from '../../../src-main/services/credentials';
import { tempDir } from '../../helpers/tempDir';
import { preparedFolder } from './preparedFolder';
import { cli, json, useCliWorld } from './runCli';
import { cliHere } from './runCliHere';

const memberPosts = (sb: Sandbox) =>
  sb.ledger.entries().filter((e) => e.method === 'POST' && e.path === '/api/v1/members');

const FOUR = 'email,name\na@example.com,A\nb@example.com,B\nc@example.com,C\nd@example.com,D\n';

describe('bulk-desk CLI: safe by construction', () => {
  const w = useCliWorld();

  /**
   * A fresh data folder with one Coursepath connection "Acme" to the sandbox (the right key unless told) and
   * `files` imported, made in this process: the runs, resumes and exports under test are the bin's.
   */
  async function world(seed: number, files: Record<string, string>, secret?: string) {
    const dir = (w.dir = tempDir());
    const sandbox = (w.sandbox = await startSandbox({ seed }));
    const D = ['--data-dir', dir.path];
    const ready = await preparedFolder(dir.path, { connections: [{ sandbox, name: 'Acme', secret }], files });
    const conn = { id: ready.connectionIds[0]! };
    const dataset = ready.datasetIds[0]!;
    const run = (dataset: string, ...extra: string[]) =>
      cli(['run', '--dataset', dataset, '--connection', conn.id, '--template', 'coursepath.members.create', '--auto', ...extra, ...D]);
    return { dir, sandbox, D, conn, dataset, run };
  }

  it('sends one request for a file repeating one email three ways, and nothing when the same file runs again', async () => {
    const { sandbox, run, dataset } = await world(31, {
      'dups.csv': 'email,name\na@example.com,Row two\nA@Example.com,Row three\na@example.com,Row four\n',
    });

    const dry = await run(dataset, '--dry-run', '--json');
    expect(dry.code, dry.stderr).toBe(0);
    const plan = JSON.parse(dry.stdout) as { counts: Record<string, number>; duplicates: unknown[] };
    expect(plan.counts).toMatchObject({ wouldSend: 1, duplicate: 2, alreadySent: 0, invalid: 0 });
    expect(plan.duplicates).toEqual([
      { rowNumber: 3, firstRow: 2, key: 'email=a@example.com' },
      { rowNumber: 4, firstRow: 2, key: 'email=a@example.com' },
    ]);
    expect(memberPosts(sandbox)).toHaveLength(0); // a dry run sends nothing

    const first = await run(dataset);
    expect(first.code, first.stderr).toBe(0); // skipping duplicates on purpose is not a failure
    expect(first.stderr).toMatch(/completed: 1 succeeded, 0 failed, 2 skipped \(2 duplicates\)/);
    expect(first.stderr).not.toMatch(/ready to fix/);
    expect(first.stderr).toMatch(/2 rows repeat an earlier row's key and will be skipped/);
    expect(first.stderr).toMatch(/row 3 repeats row 2 \(email=a@example.com\)/);
    expect(memberPosts(sandbox)).toHaveLength(1);
    expect((memberPosts(sandbox)[0]!.body as { name: string }).name).toBe('Row two');

    const again = await run(dataset, '--dry-run', '--json');
    expect(JSON.parse(again.stdout).counts).toMatchObject({ wouldSend: 0, duplicate: 2, alreadySent: 1 });
    const second = await run(dataset);
    expect(second.stderr).toMatch(/1 row was already sent and will be skipped \(--resend sends them again\)/);
    expect(second.stderr).toMatch(/Nothing to send: no job was created/);
    expect(memberPosts(sandbox)).toHaveLength(1);
    // With --json a script still gets one object: no job, and the counts that say why.
    const quiet = await run(dataset, '--json');
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(JSON.parse(quiet.stdout)).toMatchObject({
      jobId: null,
      counts: { wouldSend: 0, duplicate: 2, alreadySent: 1, invalid: 0 },
    });

    // Sent again on purpose, without the canary's read-back (which would rightly pause: creating a member
    // that exists leaves it unchanged, so row 3's name never reaches the LMS).
    const resent = await run(dataset, '--resend', '--allow-duplicates', '--canary', '0');
    expect(resent.code, resent.stderr).toBe(0);
    expect(memberPosts(sandbox)).toHaveLength(4);
  });

  it('stops a 50-row job with a wrong key after at most 3 requests, paused with the reason', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => `learner${i}@example.com,Learner ${i}`);
    const { sandbox, D, run, dataset } = await world(
      32,
      { 'fifty.csv': `email,name\n${rows.join('\n')}\n` },
      'a-personal-api-key-not-the-jwt-secret',
    );
    const r = await run(dataset, '--concurrency', '16');
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/Paused \(auth\): The LMS refused the credentials of "Acme" 3 times in a row/);
    expect(memberPosts(sandbox).length).toBeLessThanOrEqual(3);

    const jobId = r.stdout.trim();
    const show = json<{ state: string; pausedReason: string; counts: { pending: number; failed: number } }>(
      await cliHere(['jobs', 'show', jobId, '--json', ...D]),
    );
    expect(show.state).toBe('paused');
    expect(show.pausedReason).toMatch(/refused the credentials/);
    expect(show.counts).toMatchObject({ pending: 50, failed: 0 });
    // Those rows are pending again: neither the progress nor the history says they failed.
    expect(r.stderr).not.toMatch(/Rows? \d+.* failed/);
    const events = await cliHere(['jobs', 'events', jobId, ...D]);
    expect(events.stdout).toMatch(/Paused by Bulk Desk: The LMS refused the credentials/);
    expect(events.stdout).not.toMatch(/failed:/);

    // Resumed with the key unchanged: one read checks it, no row is sent nor failed, and it pauses again.
    const posted = memberPosts(sandbox).length;
    const resumed = await cli(['jobs', 'resume', jobId, ...D]);
    expect(resumed.code, resumed.stderr).toBe(3);
    expect(resumed.stderr).toMatch(
      /Paused \(auth\): The LMS still refuses the credentials of "Acme" \(checked before sending: HTTP 401: Invalid JWT signature\)\. Nothing was sent\./,
    );
    expect(memberPosts(sandbox)).toHaveLength(posted);
    const after = json<{ counts: { pending: number; failed: number } }>(await cliHere(['jobs', 'show', jobId, '--json', ...D]));
    expect(after.counts).toMatchObject({ pending: 50, failed: 0 });
  });

  it('refuses to resume a job whose connection now points at another LMS (exit 2, both addresses named)', async () => {
    const { sandbox, D, conn, run, dataset } = await world(34, { 'four.csv': FOUR });
    const other = await startSandbox({ seed: 35 });
    try {
      const first = await run(dataset, '--canary', '2');
      expect(first.code, first.stderr).toBe(3); // paused after its canary
      const jobId = first.stdout.trim();
      expect(memberPosts(sandbox)).toHaveLength(2);

      const b = other.credentials.coursepath;
      const edit = await cli(['connections', 'edit', conn.id, '--base-url', b.baseUrl, '--secret-stdin', ...D], {
        input: b.apiKey,
      });
      expect(edit.code, edit.stderr).toBe(0);
      const resumed = await cli(['jobs', 'resume', jobId, ...D]);
      expect(resumed.code, resumed.stderr).toBe(2);
      expect(resumed.stderr).toContain(
        `Error: The connection "Acme" now points at ${b.baseUrl} (${b.email}), but this job was made for ${sandbox.credentials.coursepath.baseUrl} (${b.email})`,
      );
      expect(resumed.stderr).toMatch(/Nothing was sent\. To send the file to the new address, start a new run on "four\.csv"/);
      expect(memberPosts(other)).toEqual([]);
      expect(memberPosts(sandbox)).toHaveLength(2);
    } finally {
      await other.close();
    }
  });

  it('resuming a job whose connection has no secret gives the command that stores it, for this data folder', async () => {
    const { dir, sandbox, D, conn, run, dataset } = await world(36, { 'four.csv': FOUR });
    const first = await run(dataset, '--canary', '2');
    expect(first.code, first.stderr).toBe(3); // paused after its canary
    createKeychainStore().delete(conn.id); // the real keychain entry goes (e.g. removed by hand)

    const resumed = await cli(['jobs', 'resume', first.stdout.trim(), ...D]);
    expect(resumed.code).not.toBe(0);
    expect(resumed.stderr).toContain('No secret is stored for "Acme".');
    // "Edit the connection" names the app's way; the CLI's is given too, pasteable for this folder.
    expect(resumed.stderr).toContain(`bulk-desk connections edit ${conn.id} --secret-stdin --data-dir ${dir.path}`);
    expect(memberPosts(sandbox)).toHaveLength(2);
  });

  it('refuses a destructive template without the phrase (exit 2, the phrase printed) and runs with it', async () => {
    const { sandbox, D, conn, dataset } = await world(33, { 'leave.csv': 'member,group\n1,Sales\n2,Sales\n' });
    const args = ['run', '--dataset', dataset, '--connection', conn.id, '--template', 'coursepath.groups.remove', '--auto', ...D];
    const refused = await cli(args);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/Add: --confirm "REMOVE 2 group memberships on Acme"/);
    // What undo can do, not a blanket "cannot be undone": a removal from a group is added back by `jobs undo`…
    expect(refused.stderr).toMatch(
      /It can be undone afterwards: `bulk-desk jobs undo <job-id> --data-dir \S+` \(with the id the run prints\) sends "Coursepath: add to group"/,
    );
    // …as long as each row's groups are read before the write.
    const noUndo = await cliHere([...args, '--no-undo']);
    expect(noUndo.code).toBe(2);
    expect(noUndo.stderr).toMatch(/It cannot be undone: this job does not read each row before changing it/);
    expect(sandbox.ledger.entries().filter((e) => e.method === 'DELETE')).toHaveLength(0);
    const wrong = await cliHere([...args, '--confirm', 'REMOVE 20 group memberships on Acme']);
    expect(wrong.code).toBe(2);
    const ok = await cli([...args, '--confirm', 'remove 2 group memberships on acme']);
    expect(ok.stderr).not.toMatch(/Add: --confirm/);
    expect(sandbox.ledger.entries().filter((e) => e.method === 'DELETE')).toHaveLength(2);
  });

  it('two connections saved with one name before names were unique: each phrase names its own host', async () => {
    const { sandbox, D, dir, conn, dataset } = await world(34, { 'leave.csv': 'member,group\n1,Sales\n2,Sales\n' });
    // Made the way an older version could: straight into the database, bypassing today's unique-name check.
    const twinUrl = sandbox.credentials.coursepath.baseUrl.replace('127.0.0.1', 'localhost');
    const s = (w.services = await createServices({ dataDir: dir.path, sandbox: false }));
    upsertConnection(s.db, {
      id: 'older-twin',
      name: 'ACME!',
      api: 'coursepath',
      baseUrl: twinUrl,
      identity: { api: 'coursepath', email: sandbox.credentials.coursepath.email },
      isSandbox: false,
      createdAt: Date.now(),
    });
    await s.close();
    w.services = null;

    const args = (id: string) => ['run', '--dataset', dataset, '--connection', id, '--template', 'coursepath.groups.remove', '--auto', ...D];
    const host = new URL(sandbox.credentials.coursepath.baseUrl).host;
    const refused = await cli(args(conn.id));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`Add: --confirm "REMOVE 2 group memberships on Acme (${host})"`);
    const twin = await cliHere(args('older-twin'));
    expect(twin.code).toBe(2);
    expect(twin.stderr).toContain(`Add: --confirm "REMOVE 2 group memberships on ACME! (${new URL(twinUrl).host})"`);
    // The phrase that used to fit both now confirms neither; the twin's confirms only the twin.
    expect((await cliHere([...args(conn.id), '--confirm', 'REMOVE 2 group memberships on Acme'])).code).toBe(2);
    expect((await cliHere([...args(conn.id), '--confirm', `REMOVE 2 group memberships on ACME! (${new URL(twinUrl).host})`])).code).toBe(2);
    expect(sandbox.ledger.entries().filter((e) => e.method === 'DELETE')).toHaveLength(0);
    // Named by the name they share (cli/idPrefix.ts, resolveConnectionName): neither is taken, both are named.
    const byName = await cli(args('acme'));
    expect(byName.code).toBe(2);
    expect(byName.stderr).toContain(`"acme" is the name of 2 connections (`);
    expect(byName.stderr).toContain('older-twin');
    expect(byName.stderr).toContain(conn.id);
    const ok = await cli([...args(conn.id), '--confirm', `remove 2 group memberships on acme ${host}`]);
    expect(ok.stderr).not.toMatch(/Add: --confirm/);
    expect(sandbox.ledger.entries().filter((e) => e.method === 'DELETE')).toHaveLength(2);
  });

  it('run --connection with an unknown id names it and how to list connections (exit 2, nothing sent)', async () => {
    const { sandbox, D, dataset } = await world(35, { 'one.csv': 'email,name\nnew@example.com,New\n' });
    for (const how of [
      ['--template', 'coursepath.members.create', '--auto'],
      ['--template', 'coursepath.members.create', '--auto', '--dry-run'],
      ['--recipe', 'coursepath.onboard', '--dry-run'],
    ]) {
      const r = await cli(['run', '--dataset', dataset, '--connection', 'nope', ...how, ...D]);
      expect(r.code, `${how.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(/^Error: No connection with id "nope" \(see: bulk-desk connections list --data-dir [^)]+\)/m);
    }
    expect(sandbox.ledger.entries().filter((e) => e.method !== 'GET')).toHaveLength(0);
  });

  it('a failed-rows export, fixed with sed and imported again, reaches the LMS with the original cells byte for byte', async () => {
    const original = {
      email: 'broken-email',
      name: '+Plus AB',
      department: '-0042',
      externalId: "'=quoted already",
    };
    const { dir, sandbox, D, run, dataset } = await world(34, {
      'people.csv':
        'email,name,department,external id\n' +
        'ok@example.com,Fine,Sales,7\n' +
        `${original.email},${original.name},${original.department},${original.externalId}\n`,
    });
    const first = await run(dataset);
    expect(first.code).toBe(1); // one row was invalid
    const jobId = first.stdout.trim();
    const failed = join(dir.path, 'failed.csv');
    expect((await cliHere(['jobs', 'export', jobId, '--only', 'failed', '--out', failed, ...D])).code).toBe(0);
    const exported = readFileSync(failed, 'utf8');
    expect(exported).toContain(",'+Plus AB,'-0042,''=quoted already,"); // safe to open in a spreadsheet

    execFileSync('sed', ['-i', 's/broken-email/fixed@example.com/', failed]);
    const again = json<{ id: string; columns: string[] }>(await cliHere(['import', failed, '--json', ...D]));
    expect(again.columns).toEqual(['email', 'name', 'department', 'external id']);
    const second = await run(again.id);
    expect(second.code, second.stderr).toBe(0);

    const sent = memberPosts(sandbox).map((e) => e.body as Record<string, string>);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual({ ...original, email: 'fixed@example.com' });
  });
});
