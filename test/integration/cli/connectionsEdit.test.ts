// `bulk-desk connections edit` and `connections test` as an admin's script runs them (the bin, in its own
// process, the real keychain, a real sandbox LMS), and the keychain's state in words (issue 20, items 3
// and 10): a re-pointed connection loses its secret and says so, the new address receives nothing, and a
// locked keyring reads "locked", not "missing".
// Each test starts the bin as a process for its first commands; the checks after them run the same router
// in this process (cliHere), each process start being ~0.5 s of CPU and seconds on a loaded machine.
import { execFileSync, spawn } from 'node:child_process';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../../src-main/sandbox/index';
import { sandboxState } from '../../helpers/sandboxState';
import { tempDir } from '../../helpers/tempDir';
import { preparedFolder } from './preparedFolder';
import { cli, json, ROOT, useCliWorld } from './runCli';
import { cliHere } from './runCliHere';

function has(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const lockable = has('dbus-run-session') && has('gnome-keyring-daemon') && has('gdbus');
if (!lockable)
  console.warn('skipping the locked-keyring test: needs dbus-run-session, gnome-keyring-daemon and gdbus');

describe('bulk-desk connections edit / test', () => {
  const w = useCliWorld();

  it('re-pointing drops the secret and says so; test then sends nothing and exits 1; a new secret brings it back', async () => {
    const dir = (w.dir = tempDir());
    const sandbox = (w.sandbox = await startSandbox({ seed: 12 }));
    const cp = sandbox.credentials.coursepath;
    const D = ['--data-dir', dir.path];
    // Saved in this process: `connections add` as a process is checked below (names) and in cli.test.ts.
    const ready = await preparedFolder(dir.path, { connections: [{ sandbox, name: 'Academy' }] });
    const conn = { id: ready.connectionIds[0]! };

    const ok = await cli(['connections', 'test', conn.id, ...D]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/OK: Signed in as .*<([^>]+)>/);
    expect(ok.stdout).toContain(`<${cp.email}>`); // the member the JWT acts as

    const seen: IncomingHttpHeaders[] = [];
    const evil = createServer((req, res) => {
      seen.push(req.headers);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"email":"attacker@evil.example"}');
    });
    await new Promise<void>((r) => evil.listen(0, '127.0.0.1', r));
    const evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}`;
    try {
      const moved = await cli(['connections', 'edit', conn.id, '--base-url', evilUrl, ...D]);
      expect(moved.code, moved.stderr).toBe(0);
      expect(moved.stdout).toContain('the stored secret was removed');
      expect(moved.stdout).toContain('It needs a secret before it can send');
      const listed = await cliHere(['connections', 'list', ...D]);
      expect(listed.stdout).toMatch(
        new RegExp(`${conn.id}\\s+coursepath\\s+Academy\\s+${evilUrl}\\s+\\S+\\s+missing`),
      );

      const refused = await cliHere(['connections', 'test', conn.id, ...D]);
      expect(refused.code).toBe(1);
      expect(refused.stdout).toMatch(/^Failed: No secret is stored for "Academy": it needs its API key/);
      expect(seen).toEqual([]); // the listener received no request at all, let alone the key
    } finally {
      await new Promise<void>((r) => evil.close(() => r()));
    }

    // Back to the LMS with the secret: sends again. A wrong secret: test says why and exits 1.
    const back = await cli(
      ['connections', 'edit', conn.id, '--base-url', cp.baseUrl, '--secret-stdin', ...D],
      {
        input: `${cp.apiKey}\n`,
      },
    );
    expect(back.stdout).toContain('new secret stored in the OS keychain');
    expect(back.stdout).not.toContain('removed');
    expect((await cliHere(['connections', 'test', conn.id, ...D])).code).toBe(0);
    await cliHere(['connections', 'edit', conn.id, '--secret-stdin', ...D], 'not-the-key');
    const wrong = await cliHere(['connections', 'test', conn.id, ...D]);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toMatch(/401: the academy did not accept the JWT/);
    const renamed = await cliHere(['connections', 'edit', conn.id, '--name', 'Academy (EU)', '--json', ...D]);
    expect(json<{ name: string; secretRemoved: boolean }>(renamed)).toMatchObject({
      name: 'Academy (EU)',
      secretRemoved: false,
    });

    for (const out of [ok.stdout, wrong.stdout, back.stdout]) expect(out).not.toContain(cp.apiKey);
    expect((await cliHere(['connections', 'edit', conn.id, ...D])).stderr).toMatch(/nothing to change/);
    const wrongFlag = await cliHere(['connections', 'edit', conn.id, '--workspace-id', '7', ...D]);
    expect(wrongFlag.code).toBe(2);
    expect(wrongFlag.stderr).toMatch(/Coursepath connection: use --email/);
  });

  it('re-pointed again with no secret stored: says it has none, not that one was removed', async () => {
    const dir = (w.dir = tempDir());
    const sandbox = (w.sandbox = await startSandbox({ seed: 12 }));
    const cp = sandbox.credentials.coursepath;
    const D = ['--data-dir', dir.path];
    const add = ['connections', 'add', '--api', 'coursepath', '--name', 'Academy', '--base-url', cp.baseUrl];
    const conn = json<{ id: string }>(
      await cliHere([...add, '--email', cp.email, '--secret-stdin', '--json', ...D], cp.apiKey),
    );
    const first = await cliHere([
      'connections',
      'edit',
      conn.id,
      '--base-url',
      'https://eu.academy.example',
      ...D,
    ]);
    expect(first.stdout).toContain('the stored secret was removed');
    // Its secret went with the first move: the second has none to remove, and says so.
    const again = await cliHere(['connections', 'edit', conn.id, '--email', 'ops@academy.example', ...D]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).not.toContain('removed');
    expect(again.stdout).toContain(
      `It has no secret stored: it needs one before it can send: bulk-desk connections edit ${conn.id} --secret-stdin --data-dir ${dir.path} < key.txt\n`,
    );
    const asJson = json<{ secretRemoved: boolean; secretState: string }>(
      await cliHere([
        'connections',
        'edit',
        conn.id,
        '--base-url',
        'https://us.academy.example',
        '--json',
        ...D,
      ]),
    );
    expect(asJson).toMatchObject({ secretRemoved: false, secretState: 'missing' });
  });

  it('refuses a name another connection already has, in any case or punctuation, naming that connection', async () => {
    const dir = (w.dir = tempDir());
    const sandbox = (w.sandbox = await startSandbox({ seed: 12 }));
    const ca = sandbox.credentials.coassemble;
    const D = ['--data-dir', dir.path];
    // The first add as the bin's own process (the secret on its stdin); the others through the same router
    // in this process (cliHere): what each says and its exit code are checked alike, a second or less each.
    let adds = 0;
    const add = (name: string) => {
      const args = ['connections', 'add', '--api', 'coassemble', '--name', name, '--base-url', ca.baseUrl];
      args.push('--workspace-id', ca.workspaceId, '--secret-stdin', ...D);
      return adds++ === 0 ? cli(args, { input: ca.apiKey }) : cliHere(args, ca.apiKey);
    };
    const first = await add('Acme Coassemble');
    expect(first.code, first.stderr).toBe(0);
    const firstId = /Saved connection (\S+)/.exec(first.stdout)![1]!;

    // A delete's phrase would read the same on both ("… on Acme Coassemble"): refused, naming the other.
    for (const name of ['acme coassemble!', ' ACME  Coassemble ', 'Acme·Coassemble']) {
      const twin = await add(name);
      expect(twin.code, name).toBe(1);
      expect(twin.stderr).toContain(
        `the connection "Acme Coassemble" (${firstId}, ${ca.baseUrl}) already has that name`,
      );
    }
    const blank = await add('· —');
    expect(blank.code).toBe(1);
    expect(blank.stderr).toMatch(
      /name: a confirmation phrase names the connection by it: use letters or digits/,
    );
    const other = await add('Acme Coassemble EU');
    expect(other.code, other.stderr).toBe(0);
    const otherId = /Saved connection (\S+)/.exec(other.stdout)![1]!;
    const renamed = await cliHere(['connections', 'edit', otherId, '--name', 'acme-coassemble', ...D]);
    expect(renamed.code).toBe(1);
    expect(renamed.stderr).toContain(
      `the connection "Acme Coassemble" (${firstId}, ${ca.baseUrl}) already has that name`,
    );
    // Its own name in other case is not another connection's.
    const own = await cliHere(['connections', 'edit', firstId, '--name', 'ACME coassemble', ...D]);
    expect(own.code, own.stderr).toBe(0);
    const listed = json<{ name: string }[]>(await cliHere(['connections', 'list', '--json', ...D]));
    expect(listed.map((c) => c.name).sort()).toEqual(['ACME coassemble', 'Acme Coassemble EU']);

    // The built-in sandbox connections' names are taken like any other once they are in the folder.
    const withSandbox = await cli(['connections', 'list', '--with-sandbox', ...D]);
    expect(withSandbox.code, withSandbox.stderr).toBe(0);
    expect(withSandbox.stdout).toMatch(/sandbox-coassemble\s+coassemble\s+Sandbox · Coassemble/);
    const afterSandbox = await add('Sandbox: Coursepath');
    expect(afterSandbox.code).toBe(1);
    expect(afterSandbox.stderr).toMatch(
      /the connection "Sandbox · Coursepath" \(sandbox-coursepath, http:\/\/127\.0\.0\.1:\d+\) already has that name/,
    );
  });

  it('a learner as the acting user: the test is OK for reading but warns that writes need an administrator', async () => {
    const dir = (w.dir = tempDir());
    const sandbox = (w.sandbox = await startSandbox({ seed: 12 }));
    const learner = (await sandboxState(sandbox.url)).coursepath.members.find((m) => m.role === 'learner')!;
    const D = ['--data-dir', dir.path];
    const ready = await preparedFolder(dir.path, {
      connections: [
        { sandbox, name: 'As a learner', email: learner.email },
        { sandbox, name: 'As the admin' },
      ],
    });
    const [asLearner, asAdmin] = ready.connectionIds as [string, string];

    const t = await cli(['connections', 'test', asLearner, ...D]);
    expect(t.code, t.stderr).toBe(0); // the key is right and reading works
    expect(t.stdout).toMatch(new RegExp(`^OK: Signed in as .*<${learner.email}> \\(learner\\)`));
    expect(t.stdout).toMatch(/^Warning: .*learner.* writes .*administrator/m);
    // The result the app shows carries it too.
    const r = json<{ ok: boolean; warning?: string }>(
      await cliHere(['connections', 'test', asLearner, '--json', ...D]),
    );
    expect(r.ok).toBe(true);
    expect(r.warning).toMatch(/role is "learner"/);
    expect(r.warning).toMatch(/administrator/);
    // …and so does the last test the app keeps (Connections screen, after a restart).
    const kept = json<{ id: string; lastTest: { ok: boolean; message: string } }[]>(
      await cliHere(['connections', 'list', '--json', ...D]),
    ).find((c) => c.id === asLearner)!;
    expect(kept.lastTest.ok).toBe(true);
    expect(kept.lastTest.message).toMatch(/administrator/);

    const a = await cliHere(['connections', 'test', asAdmin, '--json', ...D]);
    expect(json<{ ok: boolean; warning?: string }>(a)).not.toHaveProperty('warning');
    expect((await cliHere(['connections', 'test', asAdmin, ...D])).stdout).not.toMatch(/Warning/);
  });

  it.skipIf(!lockable)(
    'with the keyring locked, says the keychain is locked instead of "missing"',
    async () => {
      const dir = (w.dir = tempDir());
      const bin = join(ROOT, 'scripts', 'cli.mjs');
      // Its own D-Bus session and keyring (never the suite's): add a connection, lock the login keyring
      // the way a screen lock does, then list and test.
      const script = `
      set -u
      echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null
      printf %s "$(printf 'k%.0s' $(seq 1 32))" | "$NODE" "$BIN" connections add --api coursepath --name Locked \\
        --base-url http://127.0.0.1:9 --email a@example.com --secret-stdin --data-dir "$DIR" >/dev/null
      "$NODE" "$BIN" --data-dir "$DIR" connections list --json > "$DIR/before.json"
      gdbus call --session --dest org.freedesktop.secrets --object-path /org/freedesktop/secrets \\
        --method org.freedesktop.Secret.Service.Lock "['/org/freedesktop/secrets/collection/login']" >/dev/null
      "$NODE" "$BIN" --data-dir "$DIR" connections list --json > "$DIR/after.json"
      "$NODE" "$BIN" --data-dir "$DIR" connections list > "$DIR/table.txt" 2> "$DIR/table.err"
      ID=$("$NODE" -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"))[0].id)' "$DIR/before.json")
      "$NODE" "$BIN" --data-dir "$DIR" connections test "$ID" > "$DIR/test.out" 2> "$DIR/test.err"; echo $? > "$DIR/test.code"
    `;
      const xdg = tempDir('bulk-desk-xdg-');
      // Its own runtime folder too: gnome-keyring-daemon finds a running daemon through the control socket
      // in $XDG_RUNTIME_DIR, and locking that one would lock the keyring every other test is using.
      const runtime = tempDir('bulk-desk-run-');
      try {
        const code = await new Promise<number | null>((resolve, reject) => {
          const child = spawn('dbus-run-session', ['--', 'bash', '-c', script], {
            env: {
              ...process.env,
              NODE: process.execPath,
              BIN: bin,
              DIR: dir.path,
              XDG_DATA_HOME: xdg.path,
              XDG_RUNTIME_DIR: runtime.path,
            },
            stdio: ['ignore', 'ignore', 'pipe'],
          });
          child.on('error', reject);
          child.on('exit', resolve);
        });
        expect(code).toBe(0);
      } finally {
        xdg.remove();
        runtime.remove();
      }
      const { readFileSync } = await import('node:fs');
      const read = (name: string) => readFileSync(join(dir.path, name), 'utf8');
      expect(JSON.parse(read('before.json'))[0]).toMatchObject({ secretState: 'stored', hasSecret: true });
      const after = JSON.parse(read('after.json'))[0] as {
        secretState: string;
        secretProblem: string;
        hasSecret: boolean;
      };
      expect(after).toMatchObject({ secretState: 'unavailable', hasSecret: false });
      expect(after.secretProblem).toMatch(/The OS keychain is locked .* Unlock it/);
      expect(read('table.txt')).toContain('keychain locked or unavailable');
      expect(read('table.txt')).not.toMatch(/\smissing$/m);
      expect(read('table.err')).toMatch(/Secrets not checked: The OS keychain is locked/);
      expect(read('test.code').trim()).toBe('1');
      expect(read('test.err')).toMatch(/Could not read from the OS keychain\. The OS keychain is locked/);
    },
  );
});
