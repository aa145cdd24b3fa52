// A job, dataset, plan or connection named by the start of its id (src-main/cli/idPrefix.ts): the app and the CLI's messages show
// 8 characters ("Job 455536eb", "already sent by job ab242269"), and an admin pastes those. Found by a
// walk-through: `bulk-desk jobs undo 5c62c715` answered "No job with id 5c62c715." for a job it had just run.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DB_FILE } from '../../../src-main/db/openChecked';
import { openDb } from '../../../src-main/db/openDb';
import { seedDataset } from '../../helpers/seedDataset';
import { storeMemberJob } from '../../helpers/storedMemberJob';
import { tempDir } from '../../helpers/tempDir';
import { json, useCliWorld } from './runCli';
import { cliHere } from './runCliHere';

const IDS = [
  'ab242269-2e01-418d-bf6d-59307bad3421',
  '5c62c715-e5dc-4a60-9aee-27239e27c017',
  '5c62d000-0000-4000-8000-000000000000',
];

describe('a job, dataset or plan named by the start of its id', () => {
  const w = useCliWorld();

  function folderWithJobs(): string[] {
    const dir = (w.dir = tempDir()).path;
    const db = openDb(join(dir, DB_FILE));
    const datasetId = seedDataset(db, ['email'], [['a@example.com']]);
    IDS.forEach((id, i) => storeMemberJob(db, datasetId, id, { createdAt: 1000 + i }));
    db.close();
    return ['--data-dir', dir];
  }

  it('takes the 8 characters messages show, for every command that takes a job id', async () => {
    const D = folderWithJobs();
    const show = await cliHere(['jobs', 'show', 'ab242269', '--json', ...D]);
    expect(show.code, show.stderr).toBe(0);
    expect((JSON.parse(show.stdout) as { id: string }).id).toBe(IDS[0]);
    const events = await cliHere(['jobs', 'events', '5c62c7', ...D]);
    expect(events.code, events.stderr).toBe(0);
    // Upper case, as copied from a screen that shows it so: ids are stored in lower case.
    const upper = await cliHere(['jobs', 'show', 'AB242269', '--json', ...D]);
    expect(upper.code, upper.stderr).toBe(0);
  });

  it('refuses a start shared by several jobs, naming them', async () => {
    const D = folderWithJobs();
    const r = await cliHere(['jobs', 'show', '5c62', ...D]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`"5c62" starts the ids of 2 jobs (${IDS[2]}, ${IDS[1]}): give more of the id`);
  });

  it('does not read a start shorter than 4 characters, nor one that names no job', async () => {
    const D = folderWithJobs();
    const short = await cliHere(['jobs', 'show', 'ab2', ...D]);
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('No job with id ab2.');
    // It did not say why a start that does begin a job's id was not taken: a start needs 4 characters.
    expect(short.stderr).toContain(
      `"ab2" is too short for the start of a job id: give at least 4 characters (see: bulk-desk jobs list ${D.join(' ')}).`,
    );
    const none = await cliHere(['jobs', 'show', 'ffffffff', ...D]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('No job with id ffffffff.');
  });

  // `jobs show ffffffff` exited 1 where `run --dataset ffffffff` exits 2: an id that names nothing is a
  // mistake in how the command was called, whether it is an argument or a flag's value (`--plan` too).
  it('an id that names nothing is wrong usage (exit 2), as an argument and as a flag', async () => {
    const D = folderWithJobs();
    const cases: [string[], string, string][] = [
      [['jobs', 'show', 'ffffffff'], 'No job with id ffffffff.', 'jobs show'],
      [['jobs', 'export', 'ffffffff'], 'No job with id ffffffff.', 'jobs export'],
      [['datasets', 'show', 'ffffffff'], 'No dataset with id ffffffff', 'datasets show'],
      [['plans', 'show', 'ffffffff'], 'No plan with id ffffffff', 'plans show'],
      [['run', '--plan', 'ffffffff'], 'No plan with id ffffffff', 'run'],
      [['plan', '--resume', 'ffffffff'], 'No plan with id ffffffff', 'plan'],
    ];
    for (const [args, said, command] of cases) {
      const r = await cliHere([...args, ...D]);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toContain(said);
      expect(r.stderr).toContain(`(Run 'bulk-desk ${command} --help' for its options.)`);
    }
  });

  // Found by a walk-through: `import` prints a dataset's id; `run --dataset 3023fb13` (its start, as a job's
  // is taken) answered "No dataset with id 3023fb13" and then the whole of `run --help`.
  it('takes the start of a dataset id, in --dataset and in `datasets show`', async () => {
    const dir = (w.dir = tempDir()).path;
    const D = ['--data-dir', dir];
    writeFileSync(join(dir, 'm.csv'), 'email\nann@example.com\n');
    const id = json<{ id: string }>(await cliHere(['import', join(dir, 'm.csv'), '--json', ...D])).id;
    const shown = await cliHere(['datasets', 'show', id.slice(0, 8), '--json', ...D]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(json<{ id: string }>(shown).id).toBe(id);
    const check = await cliHere([
      'mappings',
      'check',
      '--dataset',
      id.slice(0, 8),
      '--connection',
      'sandbox-coursepath',
      '--template',
      'coursepath.members.create',
      '--auto',
      '--with-sandbox',
      ...D,
    ]);
    expect(check.code, check.stderr).toBe(0);
    // An id that names nothing: the error and where the options are, not the whole help under it.
    const none = await cliHere(['datasets', 'show', 'ffffffff', ...D]);
    expect(none.stderr).toContain('No dataset with id ffffffff');
    const run = await cliHere([
      'run',
      '--dataset',
      'ffffffff',
      '--connection',
      'sandbox-coursepath',
      '--template',
      'coursepath.members.create',
      '--auto',
      '--with-sandbox',
      ...D,
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `Error: No dataset with id ffffffff (see: bulk-desk datasets list --data-dir ${dir}).\n` +
        "(Run 'bulk-desk run --help' for its options.)\n",
    );
  });

  // Found by a walk-through: `connections list` shows a saved connection's whole id (a UUID); `run
  // --connection f6feb27d` answered "No connection with id" where `--dataset` took the same start.
  it('takes the start of a connection id, in --connection and in `connections test`', async () => {
    const dir = (w.dir = tempDir()).path;
    const D = ['--data-dir', dir, '--with-sandbox'];
    writeFileSync(join(dir, 'm.csv'), 'email\nann@example.com\n');
    const id = json<{ id: string }>(await cliHere(['import', join(dir, 'm.csv'), '--json', ...D])).id;
    const run = (connection: string) =>
      cliHere([
        'run',
        '--dataset',
        id,
        '--connection',
        connection,
        '--template',
        'coursepath.members.create',
        '--auto',
        '--dry-run',
        ...D,
      ]);
    const dry = await run('sandbox-cour');
    expect(dry.code, dry.stderr).toBe(0);
    const both = await run('sandbox');
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('"sandbox" starts the ids of 2 connections (');
    const tested = await cliHere(['connections', 'test', 'sandbox-coa', ...D]);
    expect(tested.code, tested.stderr).toBe(0);
    expect(tested.stdout).toMatch(/^OK: Connected to workspace/); // Coassemble's answer: the sandbox-coassemble one
  });

  // Found by a walk-through: `connections add --name "Acme Academy"` then `connections test "Acme Academy"`
  // answered "No connection with id Acme Academy." — the admin named it, and names are unique as a
  // confirmation phrase reads them (case, spacing and punctuation aside), so the name names one connection.
  it("takes a connection's name, as a confirmation phrase reads it, where an id is not one", async () => {
    const dir = (w.dir = tempDir()).path;
    const D = ['--data-dir', dir, '--with-sandbox'];
    writeFileSync(join(dir, 'm.csv'), 'email\nann@example.com\n');
    const id = json<{ id: string }>(await cliHere(['import', join(dir, 'm.csv'), '--json', ...D])).id;
    const dry = await cliHere([
      'run',
      '--dataset',
      id,
      '--connection',
      'sandbox coursepath', // "Sandbox · Coursepath", typed as a phrase takes it
      '--template',
      'coursepath.members.create',
      '--auto',
      '--dry-run',
      '--json',
      ...D,
    ]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('sandbox-coursepath');
    const tested = await cliHere(['connections', 'test', 'Sandbox · Coassemble', ...D]);
    expect(tested.code, tested.stderr).toBe(0);
    expect(tested.stdout).toMatch(/^OK: Connected to workspace/);
    // A name that is no connection's is said as an unknown id is, naming what was given.
    const none = await cliHere(['connections', 'test', 'Acme Academy', ...D]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Acme Academy');
  });
});
