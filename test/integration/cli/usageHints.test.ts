// Usage errors (exit 2) print `bulk-desk …` hints too ("see: bulk-desk recipes list"). Run with
// --data-dir, each carries it, as the hints in stop reasons do (src-shared/util/cliHints.ts): found by an
// audit, a pasted hint listed the default folder's recipes or connections, not this one's.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/tempDir';
import { json, useCliWorld } from './runCli';
import { cli } from './runCli';
import { cliHere } from './runCliHere';

describe('usage errors: their hints carry --data-dir', () => {
  const w = useCliWorld();

  it('an unknown connection, an unknown recipe, a report file that is not CSV', async () => {
    const dir = (w.dir = tempDir()).path;
    const D = ['--data-dir', dir];
    writeFileSync(join(dir, 'm.csv'), 'email\nann@example.com\n');
    const dataset = json<{ id: string }>(await cliHere(['import', join(dir, 'm.csv'), '--json', ...D])).id;
    const run = ['run', '--dataset', dataset, '--connection', 'nope'];

    // A connection id that names nothing is wrong usage (cli.ts), worded by the services.
    const connection = await cliHere([...run, '--template', 'coursepath.members.create', '--auto', ...D]);
    expect(connection.code, connection.stderr).toBe(2);
    expect(connection.stderr).toContain(`(see: bulk-desk connections list --data-dir ${dir})`);

    const recipe = await cliHere([...run, '--recipe', 'nope', ...D]);
    expect(recipe.code, recipe.stderr).toBe(2);
    expect(recipe.stderr).toContain(`(see: bulk-desk recipes list --data-dir ${dir})`);

    const report = await cliHere(['reports', 'run', 'completionRate', '--out', join(dir, 'r.json'), ...D]);
    expect(report.code, report.stderr).toBe(2);
    expect(report.stderr).toContain(
      `For the report as JSON: bulk-desk reports run completionRate … --json --data-dir ${dir} > r.json`,
    );
  });

  // The bin in its own process (the built CLI): an unknown connection was found only by the preflight,
  // after --auto had printed "Auto-matched: …" for a run that could not start.
  it('an unknown --connection with --auto: only its error, before any mapping is printed', async () => {
    const dir = (w.dir = tempDir()).path;
    const D = ['--data-dir', dir];
    writeFileSync(join(dir, 'm.csv'), 'email\nann@example.com\n');
    const dataset = json<{ id: string }>(await cli(['import', join(dir, 'm.csv'), '--json', ...D])).id;
    const said = `Error: No connection with id "nope" (see: bulk-desk connections list --data-dir ${dir}).`;
    for (const command of [
      [
        'run',
        '--dataset',
        dataset,
        '--connection',
        'nope',
        '--template',
        'coursepath.members.create',
        '--auto',
      ],
      [
        'mappings',
        'check',
        '--dataset',
        dataset,
        '--connection',
        'nope',
        '--template',
        'coursepath.members.create',
        '--auto',
      ],
      [
        'plan',
        '--dataset',
        dataset,
        '--connection',
        'nope',
        '--template',
        'coursepath.members.update',
        '--auto',
      ],
    ]) {
      const r = await cli([...command, ...D]);
      expect(r.code, r.stderr).toBe(2);
      // The error first (then where the command's options are), and nothing of a mapping.
      expect(r.stderr.split('\n')[0], command.join(' ')).toBe(said);
      expect(r.stderr).not.toMatch(/Auto-matched|←/);
      expect(r.stdout).toBe('');
    }
  });

  // Shared by the two tests below: a data folder with one dataset and a mapping file, and the sentences.
  async function unknownIds() {
    const dir = (w.dir = tempDir()).path;
    const D = ['--data-dir', dir, '--with-sandbox'];
    writeFileSync(join(dir, 'm.csv'), 'email\nann@example.com\n');
    const mappingFile = join(dir, 'mapping.json');
    writeFileSync(mappingFile, '{"fields":{"email":{"kind":"column","column":"email"}}}');
    const dataset = json<{ id: string }>(await cliHere(['import', join(dir, 'm.csv'), '--json', ...D])).id;
    const check = async (
      args: readonly string[],
      said: string,
      command = ['run', '--connection', 'sandbox-coursepath'],
    ) => {
      const r = await cliHere([...command, ...args, ...D]);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr, args.join(' ')).toContain(`Error: ${said}`);
      expect(r.stderr, args.join(' ')).not.toContain('no working mapping');
    };
    return {
      dataset,
      mappingFile,
      check,
      template: `No template with id nope.x (see: bulk-desk templates list --data-dir ${dir})`,
      noDataset: `No dataset with id nope (see: bulk-desk datasets list --data-dir ${dir})`,
    };
  }

  it('an unknown --template or --dataset is wrong usage, as an unknown --connection is: named, exit 2', async () => {
    const { dataset, mappingFile, check, template, noDataset } = await unknownIds();
    const create = 'coursepath.members.create';
    await check(['--dataset', dataset, '--template', 'nope.x', '--auto'], template);
    await check(['--dataset', 'nope', '--template', create, '--auto', '--dry-run'], noDataset);
    await check(['--dataset', 'nope', '--template', create, '--mapping', mappingFile], noDataset);
    await check(['--dataset', 'nope', '--recipe', 'coursepath.onboard', '--dry-run'], noDataset);
  });

  it('without --mapping or --auto, an unknown id is named, not taken for a missing working mapping', async () => {
    const { dataset, mappingFile, check, template, noDataset } = await unknownIds();
    await check(['--dataset', dataset, '--template', 'nope.x'], template);
    await check(['--dataset', dataset, '--template', 'nope.x', '--mapping', mappingFile], template);
    await check(['--dataset', 'nope', '--template', 'coursepath.members.create'], noDataset);
    // `mappings show` too (stop 27's regression audit: it said "No working mapping", exit 1).
    await check(['--dataset', dataset, '--template', 'nope.x'], template, ['mappings', 'show']);
    await check(['--dataset', 'nope', '--template', 'coursepath.members.create'], noDataset, [
      'mappings',
      'show',
    ]);
  });

  it('a --data-dir through a file says which part is a file', async () => {
    const dir = (w.dir = tempDir()).path;
    writeFileSync(join(dir, 'ok.csv'), 'email\nann@example.com\n');
    for (const dataDir of [join(dir, 'ok.csv', 'sub'), join(dir, 'ok.csv')]) {
      const r = await cliHere(['datasets', 'list', '--data-dir', dataDir]);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain(
        `Error: The data folder ${dataDir} cannot be made: ${join(dir, 'ok.csv')} is a file, not a folder.`,
      );
      expect(r.stderr).not.toMatch(/ENOTDIR|EEXIST/);
    }
  });

  // Node's recursive mkdir never returns on Linux's /proc/sys (every level answers ENOENT and it tries
  // again): `--data-dir /proc/sys/x/y` hung where `--out` there already failed at once (folderFor.ts).
  it('a --data-dir where no folder can be made fails at once, naming the folder that takes none', async () => {
    if (process.platform !== 'linux') return void console.log('skipped: /proc/sys is Linux only');
    // A process of its own, killed after 15 s: a hang here is synchronous and would stall this worker.
    const r = await cli(['datasets', 'list', '--data-dir', '/proc/sys/bulk-desk/data'], {
      timeoutMs: 15_000,
    });
    expect(r.code, 'killed after 15 s: it hung').not.toBeNull();
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(
      'Error: The data folder /proc/sys/bulk-desk/data cannot be made: the folder /proc/sys/bulk-desk cannot be created (ENOENT: /proc/sys takes no new folders).',
    );
  }, 30_000);

  // An existing folder that takes no files (/proc/sys): the lock file's ENOENT was printed raw.
  it('a --data-dir that exists but takes no files says so in words', async () => {
    if (process.platform !== 'linux') return void console.log('skipped: /proc/sys is Linux only');
    const r = await cli(['datasets', 'list', '--data-dir', '/proc/sys'], { timeoutMs: 15_000 });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain('Error: The data folder /proc/sys takes no new files (ENOENT)');
    expect(r.stderr).not.toMatch(/no such file or directory, open/);
  }, 30_000);

  it('in the default folder, the hints as they are', async () => {
    const dir = (w.dir = tempDir()).path;
    const before = process.env.BULKDESK_DATA_DIR;
    process.env.BULKDESK_DATA_DIR = dir; // the default folder, for this process's CLI
    try {
      const r = await cliHere(['run', '--dataset', 'd1', '--connection', 'c1', '--recipe', 'nope']);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain('(see: bulk-desk recipes list)');
    } finally {
      if (before === undefined) delete process.env.BULKDESK_DATA_DIR;
      else process.env.BULKDESK_DATA_DIR = before;
    }
  });

  // Found by a walk-through: `mappings auto --connection …` answered Node's advice about positionals
  // ("To specify a positional argument starting with a '-', place it … after '--'").
  it('a flag the command does not take: the command named, the nearest flag offered, exit 2', async () => {
    const other = await cliHere(['mappings', 'auto', '--dataset', 'x', '--connection', 'y']);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(
      /^Error: 'bulk-desk mappings auto' has no option '--connection' \(its options are below\)\n/,
    );
    expect(other.stderr).not.toContain('positional');
    const typo = await cliHere(['run', '--conection', 'y']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain(
      "'bulk-desk run' has no option '--conection'; did you mean '--connection'?",
    );
  });
});
