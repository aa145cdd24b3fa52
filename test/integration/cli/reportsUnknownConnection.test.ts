// `--connection` on the reports and sync commands: an id that names no connection is wrong usage (exit 2)
// that names the id — not an empty report saying "Nothing synced yet" with exit 0, which a nightly
// script would take for a report of an LMS that has nobody enrolled.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createServices } from '../../../src-main/services';
import { tempDir } from '../../helpers/tempDir';
import { useCliWorld } from './runCli';
import { cliHere } from './runCliHere';

describe('reports and sync with a --connection id that names nothing', () => {
  const w = useCliWorld();

  it('reports run, reports run --out and reports courses: exit 2, naming the id; no file written', async () => {
    const dir = (w.dir = tempDir());
    const D = ['--data-dir', dir.path];
    for (const args of [
      ['reports', 'run', 'completionRate', '--connection', 'no-such-connection'],
      ['reports', 'run', 'scores', '--json', '--connection', 'no-such-connection'],
      ['reports', 'run', 'completionRate', '--out', `${dir.path}/x.csv`, '--connection', 'no-such-connection'],
      ['reports', 'courses', '--connection', 'no-such-connection'],
    ]) {
      const r = await cliHere([...args, ...D]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('No connection with id "no-such-connection"');
      expect(r.stdout).not.toContain('Nothing synced yet');
    }
  });

  it('sync run: exit 2, naming the id and where ids are listed', async () => {
    const dir = (w.dir = tempDir());
    const r = await cliHere(['sync', 'run', '--connection', 'no-such-connection', '--data-dir', dir.path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('No connection with id "no-such-connection" (see: bulk-desk connections list');
  });

  it('the contract: NOT_FOUND on connectionId, for the browser UI and scripts alike', async () => {
    const dir = (w.dir = tempDir());
    const s = (w.services = await createServices({ dataDir: dir.path, sandbox: false }));
    const r = await s.dispatch('reports.run', { name: 'completionRate', connectionIds: ['nope'] });
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', details: { field: 'connectionId' } } });
  });
});

describe('reports run --out --table N beyond the report\'s tables', () => {
  const w = useCliWorld();

  it('is wrong usage (exit 2) naming --table and how many tables the report has; no file written', async () => {
    const dir = (w.dir = tempDir());
    const D = ['--data-dir', dir.path];
    for (const n of ['2', '12']) {
      const out = `${dir.path}/t${n}.csv`;
      const r = await cliHere(['reports', 'run', 'scores', '--out', out, '--table', n, ...D]);
      expect(r.code, n).toBe(2);
      expect(r.stderr).toContain(`--table ${n}: scores has 1 table`);
      expect(existsSync(out)).toBe(false);
    }
    const two = await cliHere(['reports', 'run', 'compliance', '--by', 'client', '--courses', 'x:1', '--out', `${dir.path}/c.csv`, '--table', '3', ...D]);
    expect(two.code).toBe(2);
    expect(two.stderr).toContain('--table 3: compliance has 2 tables');
  });
});
