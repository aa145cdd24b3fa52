// `bulk-desk reports run`: a flag the report cannot use, or a file name that promises another format, is
// a usage error (exit 2) that names it — never silently ignored, never CSV inside a .json file.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createServices } from '../../../src-main/services';
import { callOk } from '../../helpers/callOk';
import { tempDir } from '../../helpers/tempDir';
import { useCliWorld } from './runCli';
import { cliHere } from './runCliHere';

describe('bulk-desk reports run: usage', () => {
  const w = useCliWorld();

  it('--out writes CSV: another extension is refused, naming the formats there are', async () => {
    const dir = (w.dir = tempDir());
    const D = ['--data-dir', dir.path];
    for (const name of ['s.json', 'S.XLSX', 'report']) {
      const out = join(dir.path, name);
      const r = await cliHere(['reports', 'run', 'completionRate', '--out', out, ...D]);
      expect(r.code, name).toBe(2);
      expect(r.stderr).toContain(`--out writes CSV, so its name ends in .csv, not "${name}"`);
      expect(r.stderr).toContain('--json > ');
      expect(existsSync(out)).toBe(false);
    }
    const csv = await cliHere(['reports', 'run', 'completionRate', '--out', join(dir.path, 'S.CSV'), ...D]);
    expect(csv.code, csv.stderr).toBe(0);
  });

  it('a flag the report does not use is a usage error naming the flag and the report', async () => {
    const dir = (w.dir = tempDir());
    const D = ['--data-dir', dir.path];
    const cases: [string[], RegExp][] = [
      [
        ['completionRate', '--by', 'course'],
        /--by does not apply to completionRate \(only to timeToCompletion and compliance\)/,
      ],
      [
        ['compliance', '--by', 'client', '--courses', 'a:1', '--from', '2026-01-01'],
        /--from does not apply to compliance \(only to progressOverTime\)/,
      ],
      [
        ['timeToCompletion', '--courses', 'a:1'],
        /--courses does not apply to timeToCompletion \(only to compliance\)/,
      ],
      [['scores', '--table', '2'], /--table goes with --out/],
      [['scores', '--json', '--out', join(dir.path, 'x.csv')], /--json and --out: choose one/],
    ];
    for (const [args, message] of cases) {
      const r = await cliHere(['reports', 'run', ...args, ...D]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    const fine = await cliHere(['reports', 'run', 'timeToCompletion', '--by', 'cohort', ...D]);
    expect(fine.code, fine.stderr).toBe(0);
  });

  it('compliance on courses the store does not know: exit 0, and it says nothing could be judged', async () => {
    const dir = (w.dir = tempDir());
    const D = ['--data-dir', dir.path];
    const r = await cliHere([
      'reports',
      'run',
      'compliance',
      '--by',
      'department',
      '--courses',
      'x:1,y:2',
      ...D,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      'Note: Nothing could be judged: none of the required courses is in the synced catalog (x:1, y:2).',
    );
  });

  it('an empty store says what to run in the CLI, and what to press in the app', async () => {
    const dir = (w.dir = tempDir());
    const D = ['--data-dir', dir.path];
    const text = await cliHere(['reports', 'run', 'completionRate', ...D]);
    // Printed, the command carries this folder (stored and in --json, the note as the report gives it).
    expect(text.stdout).toContain(
      `Note: Nothing synced yet: run \`bulk-desk sync run --data-dir ${dir.path}\` first.`,
    );
    expect(text.stdout).not.toContain('Sync now');
    const json = await cliHere(['reports', 'run', 'completionRate', '--json', ...D]);
    expect((JSON.parse(json.stdout) as { notes: string[] }).notes[0]).toBe(
      'Nothing synced yet: run `bulk-desk sync run` first.',
    );
    // The app keeps its own words: its button is "Sync now".
    const s = (w.services = await createServices({ dataDir: dir.path, sandbox: false }));
    const view = await callOk(s, 'reports.run', { name: 'completionRate' });
    expect(view.notes[0]).toBe('Nothing synced yet: press "Sync now".');
  });
});
