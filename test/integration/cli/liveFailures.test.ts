// `bulk-desk run` names every failed row as the job runs, grouped as the job's events group them. It used
// to say only the first ("Row 2 failed: HTTP 404") while `jobs events` said "Rows 2, 3, 4 and 6 failed".
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/tempDir';
import { cli, json, useCliWorld } from './runCli';

describe('live output: failed rows', () => {
  const w = useCliWorld();

  it('a duplicate-course job with three course ids that do not exist: the output names rows 2, 3, 4 and 6', async () => {
    const dir = (w.dir = tempDir());
    const D = ['--data-dir', dir.path, '--with-sandbox'];
    const csv = join(dir.path, 'dup.csv');
    // None of these courses exists (404); row 5 repeats row 2 and is skipped.
    writeFileSync(csv, 'course,owner\n41243,a1\n999999,a2\n999998,a3\n41243,a4\n999997,a5\n');
    const map = join(dir.path, 'dup.json');
    writeFileSync(map, JSON.stringify({ fields: { courseId: { kind: 'column', column: 'course' } } }));
    const datasetId = json<{ id: string }>(await cli(['import', csv, '--json', '--data-dir', dir.path])).id;
    const run = await cli([
      'run',
      '--dataset',
      datasetId,
      '--connection',
      'sandbox-coassemble',
      '--template',
      'coassemble.courses.duplicate',
      '--mapping',
      map,
      '--concurrency',
      '1',
      ...D,
    ]);
    const jobId = run.stdout.trim();
    const events = await cli(['jobs', 'events', jobId, '--data-dir', dir.path]);
    const folded = /Rows 2, 3, 4 and 6 failed[^\n]*/.exec(events.stdout)?.[0];
    expect(folded, events.stdout).toBeDefined();
    expect(run.stderr).toContain(folded!);
  }, 60_000);
});
