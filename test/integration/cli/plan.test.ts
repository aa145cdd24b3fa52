// Issue 17, part 1, from the command line (the `bulk-desk` bin in its own processes, the real keychain, a
// sandbox LMS started here): 10 members created by a job; a file with those 10 (3 with changed names) and
// 5 new ones plans as 5 create, 3 update, 7 unchanged; `run --plan` wants the phrase, then makes exactly
// 8 calls; the same plan does not run twice.
// Each test's first command and every one that sends (run, resume, undo, sync) is the bin's own process;
// the imports, reads, exports and refusals around them run the same router in this process (cliHere).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JobSummary } from '../../../src-shared/contract/api';
import { startSandbox } from '../../../src-main/sandbox/index';
import { tempDir } from '../../helpers/tempDir';
import { addCoursepath, cli, json, useCliWorld } from './runCli';
import { cliHere } from './runCliHere';

interface PlanJson {
  id: string;
  counts: Record<string, number>;
  calls: number;
  confirmation: string;
  rows: {
    rowNumber: number;
    class: string;
    key: string;
    diff: { field: string; old: string | null; new: string | null }[];
    call: string | null;
  }[];
}

describe('bulk-desk plan', () => {
  const w = useCliWorld();

  it('plans 5 create, 3 update, 7 unchanged and `run --plan` makes exactly 8 calls', async () => {
    const dir = (w.dir = tempDir());
    const sandbox = (w.sandbox = await startSandbox({ seed: 21 }));
    const cp = sandbox.credentials.coursepath;
    const D = ['--data-dir', dir.path];
    const conn = await addCoursepath(cp, dir.path, 'Academy');
    const file = (name: string, rows: string[]) => {
      const path = join(dir.path, name);
      writeFileSync(path, ['email,first_name,last_name', ...rows].join('\n') + '\n');
      return path;
    };
    const row = (i: number, last = `Last${i}`) => `cli${i}@example.com,First${i},${last}`;
    const mapping = join(dir.path, 'mapping.json');
    writeFileSync(
      mapping,
      JSON.stringify({
        fields: {
          email: { kind: 'column', column: 'email' },
          name: { kind: 'template', template: '{first_name} {last_name}' },
        },
      }),
    );
    const ten = json<{ id: string }>(
      await cliHere([
        'import',
        file(
          'ten.csv',
          Array.from({ length: 10 }, (_, i) => row(i + 1)),
        ),
        '--json',
        ...D,
      ]),
    );
    const first = await cli([
      'run',
      '--dataset',
      ten.id,
      '--connection',
      conn.id,
      '--template',
      'coursepath.members.create',
      '--mapping',
      mapping,
      '--canary',
      '0',
      ...D,
    ]);
    expect(first.code).toBe(0);

    const rows = Array.from({ length: 10 }, (_, i) =>
      [2, 5, 9].includes(i + 1) ? row(i + 1, 'Changed') : row(i + 1),
    );
    for (let i = 11; i <= 15; i++) rows.push(row(i));
    const fifteen = json<{ id: string }>(await cliHere(['import', file('fifteen.csv', rows), '--json', ...D]));
    const seq = () => sandbox.ledger.entries().at(-1)?.seq ?? 0;
    const beforePlan = seq();
    const plan = json<PlanJson>(
      await cliHere([
        'plan',
        '--dataset',
        fifteen.id,
        '--connection',
        conn.id,
        '--template',
        'coursepath.members.create',
        '--mapping',
        mapping,
        '--json',
        ...D,
      ]),
    );
    expect(plan.counts).toMatchObject({ create: 5, update: 3, unchanged: 7, conflict: 0, missing: 0 });
    expect(plan.rows).toHaveLength(15);
    expect(plan.rows.filter((r) => r.class === 'update').map((r) => r.diff)).toEqual(
      [2, 5, 9].map((i) => [{ field: 'name', old: `First${i} Last${i}`, new: `First${i} Changed` }]),
    );
    expect(sandbox.ledger.since(beforePlan).map((e) => e.method)).toEqual(['GET']); // one list page, read only
    expect(plan.calls).toBe(1);

    // Without the phrase: exit 2, nothing sent, no job.
    const beforeRun = seq();
    const refused = await cli(['run', '--plan', plan.id, '--canary', '0', ...D]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`--confirm "${plan.confirmation}"`);
    // The hint names this data folder, as every `bulk-desk …` hint shown for a folder given with --data-dir.
    expect(refused.stderr).toMatch(/`bulk-desk jobs undo <job-id> --data-dir \S+` \(with the id the run prints\) sends "Coursepath: update member"/);
    expect(refused.stderr).toContain('The 5 creates are not among them'); // what Undo cannot take back
    // With --no-undo no state before is kept: the refusal does not promise an undo.
    const refusedNoUndo = await cli(['run', '--plan', plan.id, '--canary', '0', '--no-undo', ...D]);
    expect(refusedNoUndo.code).toBe(2);
    expect(refusedNoUndo.stderr).toMatch(
      /It cannot be undone: this job does not read each row before changing it/,
    );
    expect(refusedNoUndo.stderr).not.toMatch(/can be undone afterwards/);
    expect(sandbox.ledger.since(beforeRun)).toHaveLength(0);

    // A plan's run takes the same sending flags as any run: 1–64 in flight, or auto (the default).
    const tooMany = await cli([
      'run',
      '--plan',
      plan.id,
      '--concurrency',
      '65',
      '--confirm',
      plan.confirmation,
      ...D,
    ]);
    expect(tooMany.code).toBe(2);
    expect(tooMany.stderr).toContain('--concurrency must be 1–64, or auto');
    // A plan runs one template: a recipe given with it is refused, not silently left out.
    const withRecipe = await cli(['run', '--plan', plan.id, '--recipe', 'x.yaml', ...D]);
    expect(withRecipe.code).toBe(2);
    expect(withRecipe.stderr).toContain('--recipe does not go with --plan');
    expect(sandbox.ledger.since(beforeRun)).toHaveLength(0);

    const run = await cli([
      'run',
      '--plan',
      plan.id,
      '--canary',
      '0',
      '--concurrency',
      'auto',
      '--no-undo',
      '--confirm',
      plan.confirmation,
      '--json',
      ...D,
    ]);
    expect(run.code).toBe(0);
    const job = JSON.parse(run.stdout) as JobSummary;
    expect(job.counts).toMatchObject({ succeeded: 8, skipped: 7, failed: 0 });
    expect(job.options.undo).toBe(false); // --no-undo holds for a plan's job as for any run
    // Undo off still reads the plan's one members page again first (to write no member changed since the
    // plan), and no member one by one; then exactly the 8 writes.
    const ran = sandbox.ledger.since(beforeRun);
    expect(ran.filter((e) => e.method === 'GET').map((e) => `${e.path}?${e.query ?? ''}`)).toEqual([
      '/api/v1/members?offset=0&limit=500',
    ]);
    expect(ran[0]!.method).toBe('GET');
    const sent = ran.filter((e) => e.method !== 'GET');
    expect(sent).toHaveLength(8);
    expect(sent.filter((e) => e.method === 'POST' && e.path === '/api/v1/members')).toHaveLength(5);
    expect(sent.filter((e) => e.method === 'POST' && /^\/api\/v1\/members\/\d+$/.test(e.path))).toHaveLength(
      3,
    );

    const again = await cli([
      'run',
      '--plan',
      plan.id,
      '--canary',
      '0',
      '--confirm',
      plan.confirmation,
      ...D,
    ]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already run as job/);
    expect(sandbox.ledger.since(beforeRun)).toHaveLength(ran.length);

    // Templates without a plan are refused, saying why.
    const refusedTemplate = await cliHere([
      'plan',
      '--dataset',
      fifteen.id,
      '--connection',
      conn.id,
      '--template',
      'coursepath.members.invite',
      '--auto',
      ...D,
    ]);
    expect(refusedTemplate.code).toBe(1);
    expect(refusedTemplate.stderr).toMatch(/has no plan: a plan compares each row with the member/);
  });
});
