// A database file the admin's user may not open — left behind by one `sudo bulk-desk …`, or copied in from
// another account — was reported as *damaged*, its backup "damaged too", with advice to move the file away
// and start with an empty database: the history given up over a permission. The bin in its own process on
// a real data folder; as root (where permissions do not bind) it runs as `nobody` with runuser.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createServices } from '../../../src-main/services';
import { tempDir } from '../../helpers/tempDir';
import { ROOT, useCliWorld } from './runCli';

const isRoot = process.getuid?.() === 0;
function nobodyIds(): { uid: number; gid: number } | null {
  try {
    const uid = Number(execFileSync('id', ['-u', 'nobody']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'nobody']).toString().trim());
    execFileSync('runuser', ['--help'], { stdio: 'ignore' });
    return { uid, gid };
  } catch {
    return null;
  }
}
const nobody = isRoot ? nobodyIds() : null;
const canTest = process.platform !== 'win32' && (!isRoot || nobody !== null);

function run(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const bin = [process.execPath, join(ROOT, 'scripts', 'cli.mjs'), ...args];
  const [cmd, ...rest] = isRoot ? ['runuser', '-u', 'nobody', '--', ...bin] : bin;
  return new Promise((resolve, reject) => {
    const child = spawn(cmd!, rest, { cwd: ROOT, env: process.env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe.skipIf(!canTest)('a database file another user owns', () => {
  const w = useCliWorld();

  it('is named as a permission problem, not called damaged; nothing is moved or changed', async () => {
    const dir = (w.dir = tempDir()).path;
    const s = await createServices({ dataDir: dir, sandbox: false });
    await s.close();
    const file = join(dir, 'bulk-desk.sqlite');
    const before = readFileSync(file);
    if (isRoot) chownSync(dir, nobody!.uid, nobody!.gid); // the folder is theirs; the files stay root's, 0600
    else chmodSync(file, 0o000);
    try {
      const r = await run(['jobs', 'list', '--data-dir', dir]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`The database file ${file} cannot be read or written by you (permission denied`);
      expect(r.stderr).not.toMatch(/damaged|empty database|move .* elsewhere/);
    } finally {
      if (isRoot) chownSync(dir, 0, 0);
      else chmodSync(file, 0o600);
    }
    expect(readFileSync(file).equals(before)).toBe(true);
  }, 60_000);
});
