// The command line where no Secret Service can be reached: no D-Bus session (cron, an SSH login without a
// desktop, a service manager) — the nightly `bulk-desk sync run`. The keyring library then falls back,
// silently, to the kernel's keyutils keyring, which holds nothing of ours (and keeps what is written to it
// only until logout or reboot): every connection read as "no secret is stored. Give it one: …", and the
// admin re-entered secrets that were there all along, into a store that forgets them. The Secret Service
// is required instead (README: the keychain is the Secret Service), so its absence is said as such.
// The real keychain (the worker's service) holds the secret; the CLI runs in its own process without a bus.
import { join } from 'node:path';
import { Entry } from '@napi-rs/keyring';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/tempDir';
import { addCoursepath, cli, useCliWorld, type Ran } from './runCli';

/** The CLI with no D-Bus session bus: the variable names a socket that is not there. */
function cliWithoutBus(args: string[], runtimeDir: string, input = ''): Promise<Ran> {
  return cli(args, {
    input,
    env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(runtimeDir, 'no-bus')}`, XDG_RUNTIME_DIR: runtimeDir },
  });
}

describe('the keychain out of reach (no D-Bus session)', () => {
  const w = useCliWorld();

  it('connections list and sync run say the keychain cannot be reached, not that the secret is missing', async () => {
    const dir = (w.dir = tempDir());
    const runtime = tempDir('bulk-desk-run-');
    try {
      const conn = await addCoursepath(
        { baseUrl: 'https://acme.coursepath.com', email: 'admin@acme.test', apiKey: 'k'.repeat(32) },
        dir.path,
        'Acme',
      );
      const listed = await cliWithoutBus(
        ['connections', 'list', '--json', '--data-dir', dir.path],
        runtime.path,
      );
      expect(listed.code, listed.stderr).toBe(0);
      const [c] = JSON.parse(listed.stdout) as {
        id: string;
        secretState: string;
        secretProblem: string | null;
      }[];
      expect(c).toMatchObject({ id: conn.id, secretState: 'unavailable' });
      expect(c!.secretProblem).toMatch(/The OS keychain cannot be reached/);

      const synced = await cliWithoutBus(['sync', 'run', '--data-dir', dir.path], runtime.path);
      expect(synced.code).toBe(1);
      expect(synced.stderr).toMatch(/Not synced: Acme .*: The OS keychain cannot be reached/);
      expect(synced.stderr).not.toContain('no secret is stored');

      // Nor is a secret given here put where it would be forgotten: the save says why it failed.
      const edited = await cliWithoutBus(
        ['connections', 'edit', conn.id, '--secret-stdin', '--data-dir', dir.path],
        runtime.path,
        'n'.repeat(32),
      );
      expect(edited.code).not.toBe(0);
      expect(edited.stderr).toMatch(/Could not write to the OS keychain\. The OS keychain cannot be reached/);
    } finally {
      runtime.remove();
    }
  });

  it('connections delete: refused, nothing deleted — it used to delete the connection and leave its secret in the keychain, saying "and its secret"', async () => {
    const dir = (w.dir = tempDir());
    const runtime = tempDir('bulk-desk-run-');
    const D = ['--data-dir', dir.path];
    try {
      const conn = await addCoursepath(
        { baseUrl: 'https://acme.coursepath.com', email: 'admin@acme.test', apiKey: 'k'.repeat(32) },
        dir.path,
        'Acme',
      );
      const confirm = ['--confirm', 'DELETE connection Acme'];
      const refused = await cliWithoutBus(['connections', 'delete', conn.id, ...confirm, ...D], runtime.path);
      expect(refused.code).not.toBe(0);
      expect(refused.stdout).not.toMatch(/Deleted connection/);
      expect(refused.stderr).toMatch(/Could not remove a secret from the OS keychain\. The OS keychain cannot be reached/);
      expect(refused.stderr).toMatch(/Nothing was deleted/);
      // The connection and its secret are both still there, so the delete can be done once the keychain answers.
      const listed = JSON.parse((await cli(['connections', 'list', '--json', ...D])).stdout) as {
        id: string;
        secretState: string;
      }[];
      expect(listed).toEqual([expect.objectContaining({ id: conn.id, secretState: 'stored' })]);

      const done = await cli(['connections', 'delete', conn.id, ...confirm, ...D]);
      expect(done.code, done.stderr).toBe(0);
      expect(done.stdout).toMatch(/Deleted connection .* and its secret/);
      const service = process.env.BULKDESK_KEYCHAIN_SERVICE ?? 'bulk-desk';
      expect(new Entry(service, `connection:${conn.id}`).getPassword()).toBeFalsy();
    } finally {
      runtime.remove();
    }
  });
});
