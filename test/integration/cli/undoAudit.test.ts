// Issue 17 parts 2 and 3 from the CLI, as an admin would type them: the `bulk-desk` bin in its own
// process, the real keychain, a real sandbox LMS. Enrol 10 members, undo the job (refused without the
// phrase, with it the course's member list is back as it was), and export the audit record as JSON Lines
// (the file's SHA-256, one record per row) and as a zip of CSV + JSON.
// Each test's first command and every one that sends (run, resume, undo, sync) is the bin's own process;
// the imports, reads, exports and refusals around them run the same router in this process (cliHere).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { AuditRowDto, JobAuditDto, UndoPlanDto } from '../../../src-shared/contract/api';
import { startSandbox } from '../../../src-main/sandbox/index';
import { sandboxState } from '../../helpers/sandboxState';
import { tempDir } from '../../helpers/tempDir';
import { cli, json, useCliWorld } from './runCli';
import { cliHere } from './runCliHere';

describe('bulk-desk CLI: undo and the audit record', () => {
  const w = useCliWorld();

  it('jobs undo lists what cannot be undone, asks for the phrase, and puts the course back; jobs export --format audit', async () => {
    const dir = (w.dir = tempDir());
    const sandbox = (w.sandbox = await startSandbox({ seed: 41 }));
    const cp = sandbox.credentials.coursepath;
    const D = ['--data-dir', dir.path];
    const conn = json<{ id: string; baseUrl: string }>(
      await cli(
        ['connections', 'add', '--api', 'coursepath', '--name', 'Acme', '--base-url', cp.baseUrl, '--email', cp.email, '--secret-stdin', '--json', ...D],
        { input: cp.apiKey },
      ),
    );
    const st = await sandboxState(sandbox.url);
    const course = st.coursepath.courses[1]!;
    const inCourse = () =>
      sandboxState(sandbox.url).then((s) =>
        s.coursepath.courseMembers.filter((m) => m.courseId === course.id).map((m) => m.memberId).sort(),
      );
    const before = await inCourse();
    const fresh = st.coursepath.members.filter((m) => m.role === 'learner' && !before.includes(m.id)).slice(0, 10);
    const file = join(dir.path, 'enrol.csv');
    writeFileSync(file, `course,member\n${fresh.map((m) => `${course.id},${m.id}`).join('\n')}\n`);
    const mapping = join(dir.path, 'mapping.json');
    writeFileSync(mapping, JSON.stringify({ fields: { courseId: { kind: 'column', column: 'course' }, memberId: { kind: 'column', column: 'member' } } }));
    const dataset = json<{ id: string }>(await cliHere(['import', file, '--json', ...D])).id;
    const run = await cli(['run', '--dataset', dataset, '--connection', conn.id, '--template', 'coursepath.courses.enrol', '--mapping', mapping, '--canary', '0', ...D]);
    expect(run.code, run.stderr).toBe(0);
    const jobId = run.stdout.trim();
    expect(await inCourse()).toHaveLength(before.length + 10);

    const dry = await cli(['jobs', 'undo', jobId, '--dry-run', '--json', ...D]);
    expect(dry.code, dry.stderr).toBe(0);
    const plan = JSON.parse(dry.stdout) as UndoPlanDto;
    expect(plan.counts).toMatchObject({ rows: 10, undo: 10, cannot: 0 });
    expect(plan.confirmation).toBe('REMOVE 10 course enrolments on Acme');
    expect(dry.stderr).toContain('Undoing needs: --confirm "REMOVE 10 course enrolments on Acme"');
    // What and where: the course (not synced here, so by its id) and the connection with its address.
    expect(dry.stderr).toContain(
      `Undoing sends "Coursepath: remove from course" for 10 rows on course ${course.id} to "Acme" (${conn.baseUrl}).`,
    );

    const refused = await cli(['jobs', 'undo', jobId, '--run', ...D]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--confirm "REMOVE 10 course enrolments on Acme"');
    expect(refused.stderr).toContain(`for 10 rows on course ${course.id} to "Acme" (${conn.baseUrl}). Nothing was sent.`);
    expect(sandbox.ledger.entries().filter((e) => e.method === 'DELETE')).toHaveLength(0);

    const undo = await cli(['jobs', 'undo', jobId, '--run', '--confirm', 'REMOVE 10 course enrolments on Acme', ...D]);
    expect(undo.code, undo.stderr).toBe(0);
    const undoId = undo.stdout.trim();
    expect(undoId).toMatch(/^[0-9a-f-]{36}$/);
    expect(undo.stderr).toMatch(/completed: 10 succeeded, 0 failed/);
    expect(await inCourse()).toEqual(before);
    const shown = await cliHere(['jobs', 'show', undoId, ...D]);
    expect(shown.stdout).toContain(`Undoes     job ${jobId}`);

    // An invitation job: nothing can be undone, each row listed with why; no job is made (exit 1).
    const invites = join(dir.path, 'invite.csv');
    writeFileSync(invites, `member\n${fresh[0]!.id}\n`);
    const inviteData = json<{ id: string }>(await cliHere(['import', invites, '--json', ...D])).id;
    const inviteMap = join(dir.path, 'invite.json');
    writeFileSync(inviteMap, JSON.stringify({ fields: { memberId: { kind: 'column', column: 'member' } } }));
    const invited = await cli(['run', '--dataset', inviteData, '--connection', conn.id, '--template', 'coursepath.members.invite', '--mapping', inviteMap, '--canary', '0', ...D]);
    expect(invited.code, invited.stderr).toBe(0);
    const noUndo = await cli(['jobs', 'undo', invited.stdout.trim(), ...D]);
    expect(noUndo.code).toBe(1);
    expect(noUndo.stderr).toContain('1 row cannot be undone:');
    expect(noUndo.stderr).toContain('row 2 (memberId=');
    expect(noUndo.stderr).toContain('An invitation cannot be unsent: the email has gone.');
    expect(noUndo.stderr).toContain('Nothing to undo: no job was made.');

    // The audit record as JSON Lines: the job's record, one record per row, the end.
    const out = join(dir.path, 'audit.jsonl');
    const exported = await cliHere(['jobs', 'export', jobId, '--format', 'audit', '--out', out, ...D]);
    expect(exported.code, exported.stderr).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { record: string });
    const head = lines[0] as unknown as JobAuditDto;
    expect(head.record).toBe('job');
    expect(head.source.sha256).toBe(createHash('sha256').update(readFileSync(file)).digest('hex'));
    expect(head.source.fileName).toBe('enrol.csv');
    expect(head.job.undoneBy).toEqual([undoId]);
    const rows = lines.filter((l) => l.record === 'row') as unknown as AuditRowDto[];
    expect(rows.map((r) => r.row)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    // A read is labelled by its kind and counts no attempt: the first send is attempt 1 (an audit found 2).
    expect(rows[0]!.requests.map((q) => [q.kind, q.attempt])).toEqual([
      ['prior', null],
      ['send', 1],
    ]);
    expect(lines.at(-1)).toEqual({ record: 'end', rows: 10 });

    // …and as a zip of CSV + JSON, for the undo job: its file is the derived rows, traced to the job.
    const zip = join(dir.path, 'audit.zip');
    expect((await cliHere(['jobs', 'export', undoId, '--format', 'audit', '--out', zip, ...D])).code).toBe(0);
    const files = unzipSync(readFileSync(zip));
    expect(Object.keys(files).sort()).toEqual(['job.json', 'requests.csv', 'rows.csv']);
    const jobJson = JSON.parse(Buffer.from(files['job.json']!).toString('utf8')) as JobAuditDto;
    expect(jobJson.source.derivedFrom).toEqual({ kind: 'undo', jobId });
    expect(jobJson.job.undoOf).toBe(jobId);
    const csvRows = Buffer.from(files['rows.csv']!).toString('utf8').trim().split('\r\n');
    expect(csvRows).toHaveLength(11); // header + one line per row
    expect(csvRows[1]).toContain(',succeeded,');
    const requests = Buffer.from(files['requests.csv']!).toString('utf8').trim().split('\r\n');
    expect(requests.filter((l) => /,prior,GET,/.test(l))).toHaveLength(10);
    // Its Attempt column is blank for a read, 1 for the first send.
    expect(requests.filter((l) => /^\d+,,prior,GET,/.test(l))).toHaveLength(10);
    expect(requests.filter((l) => /^\d+,1,send,DELETE,/.test(l))).toHaveLength(10);
  }, 90_000);
});
