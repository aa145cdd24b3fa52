// An admin lists and exports from the command line while the app has the data folder open. Every
// command used to take the folder's lock, so `jobs list` or `jobs export` was refused ("Another Bulk
// Desk … is using") for as long as the app ran. The commands that only read (cli/readOnlyCommands.ts)
// now open the database read-only beside it, without the lock, and see what the app has committed;
// commands that write are still refused, in the same words. Here the app is this test process (real
// services on a real SQLite file, holding the lock), the CLI a separate process.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { READ_ONLY_COMMANDS } from '../../../src-main/cli/readOnlyCommands';
import { SANDBOX_COURSEPATH_ID } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { createMemberJob, memberJobSpec } from '../../helpers/memberJob';
import { seedDataset, userRows } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';
import { cli } from './runCli';

describe('reading commands while the app has the folder open', () => {
  const temp = useTempServices();

  it('list, show and export what the app holds; writers are refused as before', async () => {
    const app = await temp.open({ sandbox: { seed: 7 } });
    const D = ['--data-dir', temp.dir];
    const s = app;
    await callOk(s, 'sync.start', { connectionIds: [SANDBOX_COURSEPATH_ID] });
    expect(await s.sync.whenDone(SANDBOX_COURSEPATH_ID)).toBe('completed');
    const job = await createMemberJob(s, 3);
    await callOk(s, 'jobs.start', { jobId: job.id });
    expect((await s.runner.whenSettled(job.id)).state).toBe('completed');
    const plan = await callOk(s, 'plans.create', memberJobSpec(job.datasetId));
    await s.plans.whenDone(plan.id);
    // A saved recipe (read from the database, where a built-in one is not) and a working mapping.
    const onboard = await callOk(s, 'recipes.export', { id: 'coursepath.onboard', format: 'json' });
    const mine = { ...(JSON.parse(onboard.text) as Record<string, unknown>), id: 'my.onboard', name: 'My onboarding' };
    await callOk(s, 'recipes.import', { text: JSON.stringify(mine), fileName: 'my.onboard.json' });
    const spec = memberJobSpec(job.datasetId);
    await callOk(s, 'mappings.saveWorking', { ...spec });
    const lock = readFileSync(join(temp.dir, 'bulk-desk.lock'), 'utf8');

    const runs: Record<string, string[]> = {
      'connections list': ['connections', 'list', '--json'],
      'datasets list': ['datasets', 'list', '--json'],
      'datasets show': ['datasets', 'show', job.datasetId],
      'datasets rows': ['datasets', 'rows', job.datasetId, '--format', 'csv'],
      'jobs list': ['jobs', 'list', '--json'],
      'jobs show': ['jobs', 'show', job.id],
      'jobs events': ['jobs', 'events', job.id],
      'jobs export': ['jobs', 'export', job.id, '--format', 'csv'],
      'jobs in-doubt': ['jobs', 'in-doubt', job.id],
      'plans list': ['plans', 'list'],
      'plans show': ['plans', 'show', plan.id],
      'sync status': ['sync', 'status'],
      'reports courses': ['reports', 'courses'],
      'reports run': ['reports', 'run', 'completionRate'],
      'recipes list': ['recipes', 'list', '--json'],
      'recipes show': ['recipes', 'show', 'my.onboard'],
      'recipes export': ['recipes', 'export', 'my.onboard', '--format', 'json'],
      'mappings show': ['mappings', 'show', '--dataset', job.datasetId, '--template', spec.templateId],
      'mappings check': [
        'mappings',
        'check',
        '--dataset',
        job.datasetId,
        '--template',
        spec.templateId,
        '--connection',
        spec.connectionId,
      ],
    };
    expect(Object.keys(runs).sort()).toEqual([...READ_ONLY_COMMANDS].sort()); // every one is run here
    const results: Awaited<ReturnType<typeof cli>>[] = [];
    const all = Object.values(runs);
    for (let i = 0; i < all.length; i += 4)
      // four at a time: the machine is shared
      results.push(...(await Promise.all(all.slice(i, i + 4).map((args) => cli([...args, ...D])))));
    Object.keys(runs).forEach((name, i) =>
      expect(results[i]!.code, `${name}: ${results[i]!.stderr}`).toBe(0),
    );
    const byName = Object.fromEntries(Object.keys(runs).map((n, i) => [n, results[i]!]));
    expect((JSON.parse(byName['jobs list']!.stdout) as { id: string }[]).map((j) => j.id)).toEqual([job.id]);
    expect(byName['jobs export']!.stdout.trim().split('\n')).toHaveLength(4); // the header and 3 rows
    expect((JSON.parse(byName['recipes list']!.stdout) as { recipe: { id: string } }[]).map((r) => r.recipe.id)).toContain('my.onboard');
    expect(JSON.parse(byName['recipes export']!.stdout)).toMatchObject({ id: 'my.onboard' });
    expect(JSON.parse(byName['mappings show']!.stdout)).toEqual(spec.mapping);
    expect(byName['mappings check']!.stdout).toContain('Row 2: POST ');
    // `templates show` and `templates list` open no database at all: they were never refused.
    const template = await cli(['templates', 'show', spec.templateId, ...D]);
    expect(template.code, template.stderr).toBe(0);
    expect(readFileSync(join(temp.dir, 'bulk-desk.lock'), 'utf8')).toBe(lock); // the app's lock, untouched

    // What the app commits next is what the next reader sees.
    const later = seedDataset(s.db, ['email', 'first_name', 'last_name'], userRows(2));
    const listed = await cli(['datasets', 'list', '--json', ...D]);
    expect((JSON.parse(listed.stdout) as { id: string }[]).map((d) => d.id)).toContain(later);

    // A command that writes is refused while the app holds the folder, in the words it always had.
    const cancel = await cli(['datasets', 'delete', later, ...D]);
    expect(cancel.code).toBe(1);
    expect(cancel.stderr).toContain(`Another Bulk Desk (process ${process.pid}`);
    expect(cancel.stderr).toContain(`Close it first, or use a different data folder.`);
  }, 360_000); // 20 CLI processes: minutes on a loaded machine

  // `plans show` beside the app may meet a plan the app is still reading: said so, not "stopped".
  it('a plan the app is still reading is said to be reading, exit 0', async () => {
    const app = await temp.open({ sandbox: { seed: 7 } });
    const datasetId = seedDataset(app.db, ['email', 'first_name', 'last_name'], userRows(2));
    const plan = await callOk(app, 'plans.create', memberJobSpec(datasetId));
    await app.plans.whenDone(plan.id);
    app.db.prepare(`UPDATE plans SET state = 'reading' WHERE id = ?`).run(plan.id); // as mid-read
    const shown = await cli(['plans', 'show', plan.id, '--data-dir', temp.dir]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stderr).toContain(`Plan ${plan.id} is still reading the LMS`);
    expect(shown.stderr).not.toContain('stopped');
  }, 120_000);
});
