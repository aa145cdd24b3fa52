// Issue 14 from the command line, as an admin would try it: the `bulk-desk` bin as its own process with
// `--with-sandbox` (the built-in sandbox LMS, seeded data) on a fresh data folder and the real keychain.
// Afterwards the folder is opened the way the app opens it, to read what each row did.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createServices, SANDBOX_COURSEPATH_ID } from '../../../src-main/services';
import { startSandbox } from '../../../src-main/sandbox/index';
import type { JobSummary } from '../../../src-shared/contract/api';
import { callOk } from '../../helpers/callOk';
import { sandboxState } from '../../helpers/sandboxState';
import { tempDir } from '../../helpers/tempDir';
import { cli, json, useCliWorld } from './runCli';

/** The seeded data every `--with-sandbox` run starts from (the same data seed, 1). */
async function seeded() {
  const sb = await startSandbox({});
  try {
    return { state: await sandboxState(sb.url), legacy: await retiredHeaderStatus(sb.url, sb.credentials.coassemble) };
  } finally {
    await sb.close();
  }
}

async function retiredHeaderStatus(url: string, c: { userId: string; userToken: string }): Promise<number> {
  const r = await fetch(`${url}/api/v1/headless/courses?length=1`, {
    headers: { authorization: `COASSEMBLE-V1-SHA256 UserId=${c.userId}, UserToken=${c.userToken}` },
  });
  return r.status;
}

describe('bulk-desk CLI on the real-LMS rules (issue 14)', () => {
  const w = useCliWorld();

  function setup() {
    const dir = (w.dir = tempDir());
    const D = ['--data-dir', dir.path, '--with-sandbox'];
    const file = (name: string, text: string) => {
      const p = join(dir.path, name);
      writeFileSync(p, text);
      return p;
    };
    const importCsv = async (name: string, text: string) =>
      json<{ id: string }>(await cli(['import', file(name, text), '--json', '--data-dir', dir.path])).id;
    const mapping = (name: string, fields: Record<string, unknown>) => file(name, JSON.stringify({ fields }));
    const job = async (id: string) => {
      const s = (w.services = await createServices({ dataDir: dir.path, sandbox: false }));
      const summary = await callOk(s, 'jobs.get', { jobId: id });
      const items = await callOk(s, 'jobs.items', { jobId: id, offset: 0, limit: 1000 });
      const sends = [];
      for (const it of items.items) sends.push(...(await callOk(s, 'jobs.attempts', { jobId: id, itemId: it.id })).filter((a) => a.kind === 'send'));
      await s.close();
      w.services = null;
      return { summary, items: items.items, sends };
    };
    return { dir, D, importCsv, mapping, job };
  }

  it('a Coassemble signed-URL job: the CSV export has a URL in its captured column for every row', async () => {
    const { state } = await seeded();
    const { dir, D, importCsv, mapping, job } = setup();
    const courses = state.coassemble.courses.filter((c) => c.deleted === null).slice(0, 4);
    const datasetId = await importCsv('embeds.csv', `course,learner\n${courses.map((c, i) => `${c.id},learner-${i}`).join('\n')}\n`);
    const map = mapping('embeds.json', {
      action: { kind: 'constant', value: 'view' },
      courseId: { kind: 'column', column: 'course' },
      identifier: { kind: 'column', column: 'learner' },
    });
    const run = await cli(['run', '--dataset', datasetId, '--connection', 'sandbox-coassemble', '--template', 'coassemble.courses.signedUrl', '--mapping', map, ...D]);
    expect(run.code, run.stderr).toBe(0);
    const jobId = run.stdout.trim();
    const out = join(dir.path, 'embeds-out.csv');
    expect((await cli(['jobs', 'export', jobId, '--out', out, '--data-dir', dir.path])).code).toBe(0);
    const [header, ...lines] = readFileSync(out, 'utf8').trim().split(/\r?\n/);
    const at = header!.split(',').indexOf('Signed URL');
    expect(at, header).toBeGreaterThan(0);
    expect(lines).toHaveLength(4);
    for (const line of lines) expect(line.split(',')[at]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/embed\/view\/[\w-]+\.[\w-]+\.[\w-]+$/);
    expect((await job(jobId)).summary.counts.succeeded).toBe(4);
  });

  it('the sandbox answers the retired COASSEMBLE-V1-SHA256 header with 401, and the CLI cannot save a connection with it', async () => {
    expect((await seeded()).legacy).toBe(401);
    const { dir } = setup();
    const r = await cli(
      ['connections', 'add', '--api', 'coassemble', '--name', 'Old', '--base-url', 'https://api.coassemble.com', '--user-id', '12', '--secret-stdin', '--data-dir', dir.path],
      { input: 'token' },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--user-id: the Coassemble User id \+ token scheme \(COASSEMBLE-V1-SHA256\) is retired/);
  });

  it('connections add --api coursepath without --base-url exits 2 naming the option (there is no shared Coursepath host)', async () => {
    const { dir } = setup();
    const r = await cli(
      ['connections', 'add', '--api', 'coursepath', '--name', 'Acme', '--email', 'admin@acme.example', '--secret-stdin', '--data-dir', dir.path],
      { input: 'jwt-sso-secret' },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Error: --base-url is required/);
    expect(r.stderr).toMatch(/JWT SSO secret \(Setup → JWT SSO\), not a personal API key/); // the help says which secret
  });

  it('a group-remove row with an empty group name is refused before sending', async () => {
    const { state } = await seeded();
    const { D, importCsv, mapping, job } = setup();
    const learners = state.coursepath.members.filter((m) => m.role === 'learner');
    const inGroup = state.coursepath.groups.find((g) => g.memberIds.length > 0)!;
    const datasetId = await importCsv('leave.csv', `member,group\n${learners[0]!.id},\n${inGroup.memberIds[0]},${inGroup.name}\n`);
    const map = mapping('leave.json', { memberId: { kind: 'column', column: 'member' }, name: { kind: 'column', column: 'group' } });
    const run = await cli(['run', '--dataset', datasetId, '--connection', SANDBOX_COURSEPATH_ID, '--template', 'coursepath.groups.remove', '--mapping', map,
      // Destructive (issue 13): the phrase names the one row that goes and the connection.
      '--confirm', 'REMOVE 1 group membership on Sandbox · Coursepath', ...D]);
    expect(run.code, run.stderr).toBe(1); // a row did not go through
    expect(run.stderr).toMatch(/1 succeeded, 0 failed, 1 skipped/);
    const { items, sends } = await job(run.stdout.trim());
    expect(items[0]).toMatchObject({ rowNumber: 2, status: 'skipped' });
    expect(items[0]!.error).toMatch(/Group name/);
    expect(sends).toHaveLength(1); // only the row with a name left
    expect(sends[0]!.url).toMatch(new RegExp(`/members/${inGroup.memberIds[0]}/groups\\?name=`));
  });

  it('a manual POST to a course\'s revert URL asks for the phrase of "revert course" (exit 2), and runs with it', async () => {
    const { state } = await seeded();
    const { dir, D, importCsv, job } = setup();
    const courses = state.coassemble.courses.filter((c) => c.deleted === null).slice(0, 2);
    const datasetId = await importCsv('revert.csv', `Course,Note\n${courses.map((c) => `${c.id},x`).join('\n')}\n`);
    const map = join(dir.path, 'revert.json');
    writeFileSync(map, JSON.stringify({ fields: {}, manual: { method: 'POST', url: '/api/v1/headless/course/{Course}/revert', exclude: ['Note'] } }));
    const args = ['run', '--dataset', datasetId, '--connection', 'sandbox-coassemble', '--template', 'coassemble.manual', '--mapping', map, ...D];
    const refused = await cli(args);
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toMatch(/Add: --confirm "REVERT 2 courses on Sandbox · Coassemble"/);
    const ok = await cli([...args, '--confirm', 'REVERT 2 courses on Sandbox · Coassemble']);
    expect(ok.stderr).not.toMatch(/Add: --confirm/);
    const { sends } = await job(ok.stdout.trim());
    expect(sends.map((a) => new URL(a.url!).pathname).sort()).toEqual(
      courses.map((c) => `/api/v1/headless/course/${c.id}/revert`).sort(),
    );
  });

  it('a 50-row job with --canary 5 sends 5 requests and pauses (exit 3), saying what happened to them', async () => {
    const { D, importCsv, job } = setup();
    const rows = Array.from({ length: 50 }, (_, i) => `canary${i + 1}@example.com,Learner ${i + 1}`);
    const datasetId = await importCsv('fifty.csv', `email,name\n${rows.join('\n')}\n`);
    const run = await cli(['run', '--dataset', datasetId, '--connection', SANDBOX_COURSEPATH_ID, '--template', 'coursepath.members.create', '--auto', '--canary', '5', '--concurrency', '8', '--json', ...D]);
    expect(run.code, run.stderr).toBe(3);
    const summary = JSON.parse(run.stdout) as JobSummary;
    expect(summary.state).toBe('paused');
    expect(summary.stopReason?.kind).toBe('canary');
    expect(summary.counts).toMatchObject({ succeeded: 5, pending: 45 });
    expect(run.stderr).toMatch(/Paused \(canary\): Canary: the first 5 rows went to Sandbox · Coursepath: 5 succeeded\./);
    expect(run.stderr).toMatch(/Resume with: bulk-desk jobs resume/);
    const { sends } = await job(summary.id);
    expect(sends).toHaveLength(5);
    const shown = await cli(['jobs', 'show', summary.id, '--data-dir', D[1]!]);
    expect(shown.stdout).toMatch(/Stopped {4}canary: Canary: the first 5 rows/);
  });

  it('a write that silently does not stick (sandbox dropWrites) pauses the job at the first canary row (exit 3)', async () => {
    const { state } = await seeded();
    const { D, importCsv, mapping, job } = setup();
    const learners = state.coursepath.members.filter((m) => m.role === 'learner').slice(0, 10);
    const datasetId = await importCsv('rename.csv', `member,name\n${learners.map((m, i) => `${m.id},Ana Lima ${i}`).join('\n')}\n`);
    const map = mapping('rename.json', { memberId: { kind: 'column', column: 'member' }, name: { kind: 'column', column: 'name' } });
    const run = await cli([
      'run', '--dataset', datasetId, '--connection', SANDBOX_COURSEPATH_ID, '--template', 'coursepath.members.update', '--mapping', map,
      '--canary', '5', '--json', ...D, '--sandbox-options', '{"dropWrites":["coursepath.members.update"]}',
      '--confirm', 'OVERWRITE 10 member profiles on Sandbox · Coursepath',
    ]);
    expect(run.code, run.stderr).toBe(3);
    const summary = JSON.parse(run.stdout) as JobSummary;
    expect(summary.stopReason?.kind).toBe('readBack');
    expect(summary.pausedReason).toMatch(/^Row 2: .* sent name=Ana Lima 0, LMS has name=/);
    expect(summary.counts).toMatchObject({ failed: 1, pending: 9 });
    const { items, sends } = await job(summary.id);
    expect(sends).toHaveLength(1);
    expect(items[0]!.error).toMatch(/^Read back: sent name=Ana Lima 0, LMS has name=/);
  });
});
