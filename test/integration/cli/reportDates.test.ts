// The dates `reports run progressOverTime` takes: UTC whatever the machine's time zone (as its help
// says), and in order.
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/tempDir';
import { useCliWorld } from './runCli';
import { cliHere } from './runCliHere';

describe('bulk-desk reports run progressOverTime: its dates', () => {
  const w = useCliWorld();

  it('refuses a first date after the second, naming both (exit 2)', async () => {
    const dir = (w.dir = tempDir());
    const r = await cliHere([
      ...['reports', 'run', 'progressOverTime', '--from', '2026-12-03', '--to', '2026-12-02'],
      ...['--data-dir', dir.path],
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--from 2026-12-03 is after --to 2026-12-02/);
    expect(r.stdout).toBe('');
    const same = await cliHere([
      ...['reports', 'run', 'progressOverTime', '--from', '2026-12-02', '--to', '2026-12-02'],
      ...['--data-dir', dir.path],
    ]);
    expect(same.code, same.stderr).toBe(0);
  });
});
