// A recipe job whose first steps end in doubt (the sandbox does the work, then drops the connection: every
// answer lost, its lookups' too) leaves the later steps of those rows `waiting` on them: nothing more happens
// to them until the admin decides the items in doubt. Such a job is not completed — it said "completed"
// while half its items had never been sent — but paused by Bulk Desk for that decision, in `jobs list`,
// `jobs show` (its stop reason naming what waits on what) and `run`'s exit code (3: paused for a decision).
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

describe('bulk-desk: a recipe job with items waiting on steps in doubt', () => {
  const w = useCliWorld();

  it('is paused for a decision, not completed, in jobs list and jobs show', async () => {
    const dir = (w.dir = tempDir());
    const sandbox = (w.sandbox = await startSandbox({ seed: 23, faults: 'lost:1' }));
    const D = ['--data-dir', dir.path];
    const conn = await addCoursepath(sandbox.credentials.coursepath, dir.path, 'Acme');
    // No courses or groups: those steps do not apply; each row's invitation needs its member's id.
    const file = join(dir.path, 'hires.csv');
    writeFileSync(
      file,
      'Email,First name,Last name,Courses,Groups\nana@doubt.test,Ana,Lima,,\nben@doubt.test,Ben,Okafor,,\n',
    );
    const dataset = json<{ id: string }>(await cliHere(['import', file, '--json', ...D])).id;
    const run = await cli([
      'run', '--dataset', dataset, '--connection', conn.id, '--recipe', 'coursepath.onboard', '--canary', '0', ...D,
    ]);
    // Paused by the app for a decision (a breaker, the canary, a read-back… and now this): 3, not 1.
    expect(run.code, run.stderr).toBe(3);
    // A recipe job counts items (a step of a row each), as its other lines do: not "rows".
    expect(run.stderr).toMatch(/^2 items are in doubt: bulk-desk jobs in-doubt /m);
    expect(run.stderr).not.toMatch(/rows? (is|are) in doubt/);
    // Its live lines say items of rows: what falls in doubt is a step of a row, not the row.
    // Counted as items, as its other lines are (two items in doubt, of two rows).
    expect(run.stderr).toMatch(/^\s*2 items of rows 2 and 3 may or may not have reached the LMS/m);
    expect(run.stderr).not.toMatch(/^\s*Rows? \d.* may or may not/m);

    const [job] = json<JobSummary[]>(await cliHere(['jobs', 'list', '--json', ...D]));
    expect(job!.counts).toMatchObject({ in_doubt: 2, waiting: 2, pending: 0, sending: 0 });
    expect(job!.state).toBe('paused');
    expect(job!.stopReason).toMatchObject({ kind: 'inDoubt' });
    expect(job!.finishedAt).toBeNull();

    const list = await cliHere(['jobs', 'list', ...D]);
    expect(list.stdout).toMatch(new RegExp(`${job!.id.slice(0, 8)}\\S*\\s+paused\\s+recipe:coursepath\\.onboard`));
    const show = await cliHere(['jobs', 'show', job!.id, ...D]);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toMatch(/^State\s+paused$/m);
    expect(show.stdout).toContain(
      'Stopped    inDoubt: 2 items are in doubt (step 1 "Create member"), and 2 later items wait on them ' +
        '(step 4 "Send the invitation"): nothing more is sent for them until you decide. Look them up in Acme, ' +
        'then mark them succeeded if they arrived, failed if not, or send them again ' +
        `(History, or bulk-desk jobs in-doubt ${job!.id} --data-dir ${dir.path}).`,
    );
    // Said as it ended, among the job's events.
    expect(show.stdout).toMatch(/ {2}Paused for your decision: 2 items are in doubt \(step 1 "Create member"\)/);
    // Rerunning its failed ones sends items of a recipe job, as the help says (it said only rows).
    const help = await cli(['jobs', 'retry-failed', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/failed rows \(items of a recipe job\)/);
  }, 120_000);
});
