// The set-up the `jobs resolve` recipe tests share: a Coursepath sandbox synced into a fresh data folder, and
// the built-in onboarding recipe run through the built CLI on two hires, each with two courses (so a row
// has two enrolment items in its step 1). The tests then edit the job's rows to put items in doubt.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { JobSummary } from '../../../src-shared/contract/api';
import { startSandbox } from '../../../src-main/sandbox/index';
import { tempDir } from '../../helpers/tempDir';
import { addCoursepath, cli, json, type useCliWorld } from './runCli';

/** Runs the onboarding recipe on ann@`domain` and bob@`domain`; returns the data folder's flags and the job. */
export async function onboardedHires(
  w: ReturnType<typeof useCliWorld>,
  seed: number,
  domain: string,
): Promise<{ dir: string; D: string[]; job: JobSummary }> {
  const dir = (w.dir = tempDir());
  const sandbox = (w.sandbox = await startSandbox({ seed }));
  const D = ['--data-dir', dir.path];
  const conn = await addCoursepath(sandbox.credentials.coursepath, dir.path, 'Acme');
  expect((await cli(['sync', 'run', '--connection', conn.id, ...D])).code).toBe(0);
  const file = join(dir.path, 'hires.csv');
  writeFileSync(
    file,
    'Email,First name,Last name,Courses,Groups\n' +
      `ann@${domain},Ann,Lee,Fire Safety Awareness; Sales Fundamentals,\n` +
      `bob@${domain},Bob,Ray,Fire Safety Awareness; Sales Fundamentals,\n`,
  );
  const dataset = json<{ id: string }>(await cli(['import', file, '--json', ...D])).id;
  const run = await cli([
    'run',
    '--dataset',
    dataset,
    '--connection',
    conn.id,
    '--recipe',
    'coursepath.onboard',
    '--canary',
    '0',
    ...D,
  ]);
  expect(run.code, run.stderr).toBe(0);
  const [job] = json<JobSummary[]>(await cli(['jobs', 'list', '--json', ...D]));
  return { dir: dir.path, D, job: job! };
}
