// A dataset whose import has not finished (the app is importing it, or crashed mid-import) is no dataset
// to the services: `datasets show` and the rest answer "No dataset with id …". A reading command
// (read-only, beside the app: cli/readOnlyCommands.ts) still finds its row in the table, so the CLI took
// the id for one that names a record and exited 1 — where every other id that names nothing is wrong
// usage, exit 2 (README's exit codes), with the hint on where the ids are listed. A writer discards an
// unfinished import when it opens the folder (db/startupWrites.ts), so it never met one.
import { describe, expect, it } from 'vitest';
import { seedDataset, userRows } from '../../helpers/seedDataset';
import { useTempServices } from '../../helpers/tempServices';
import { cli } from './runCli';

describe('an unfinished import named on the command line', () => {
  const temp = useTempServices();

  it('is not found, exit 2, by the reading commands beside the app, in full or by the start of its id', async () => {
    const app = await temp.open({ sandbox: false });
    const D = ['--data-dir', temp.dir];
    const ready = seedDataset(app.db, ['email', 'first_name', 'last_name'], userRows(2));
    const unfinished = seedDataset(app.db, ['email', 'first_name', 'last_name'], userRows(2));
    app.db.prepare(`UPDATE datasets SET state = 'importing' WHERE id = ?`).run(unfinished); // as mid-import
    const runs = [
      ['datasets', 'show', unfinished],
      ['datasets', 'rows', unfinished, '--format', 'csv'],
      ['datasets', 'show', unfinished.slice(0, 8)],
      ['mappings', 'show', '--dataset', unfinished, '--template', 'coursepath.members.create'],
    ];
    const results = await Promise.all(runs.map((args) => cli([...args, ...D])));
    runs.forEach((args, i) => {
      const r = results[i]!;
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(/No dataset with id/);
      expect(r.stderr).toContain('datasets list');
      expect(r.stdout).toBe('');
    });
    const shown = await cli(['datasets', 'show', ready, ...D]);
    expect(shown.code, shown.stderr).toBe(0);
  }, 120_000);
});
