import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { optionsFromArgs } from '../../../src-main/sandbox/cliOptions';
import type { SandboxCredentials } from '../../../src-main/sandbox/index';

const TSX = 'node_modules/tsx/dist/cli.mjs';
const children: ChildProcess[] = [];

afterEach(() => {
  // Each child leads its own process group (npm → sh → tsx → node), so the whole tree goes.
  for (const c of children.splice(0)) {
    if (c.exitCode !== null || c.pid === undefined) continue;
    try {
      process.kill(-c.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
});

/** Spawns the CLI and resolves with its first stdout line and the rest as it arrives. */
function spawnCli(command: string, args: string[]): Promise<{ child: ChildProcess; first: string; lines: string[] }> {
  const child = spawn(command, args, { cwd: process.cwd(), detached: true, env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } });
  children.push(child);
  const lines: string[] = [];
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.on('line', (line) => {
      lines.push(line);
      if (lines.length === 1) resolve({ child, first: line, lines });
    });
    child.on('exit', (code) => reject(new Error(`cli exited ${code}: ${stderr}`)));
  });
}

const cli = (args: string[]) => spawnCli(process.execPath, [TSX, 'src-main/sandbox/cli.ts', ...args]);

function putUser(c: SandboxCredentials, id: string) {
  return fetch(`${c.coassemble.baseUrl}/api/v1/headless/user/${id}`, {
    method: 'PUT',
    headers: { authorization: `COASSEMBLE:${c.coassemble.workspaceId}:${c.coassemble.apiKey}`, 'content-type': 'application/json' },
    body: '{}',
  });
}

describe('npm run sandbox (cli.ts)', () => {
  it('cli: --credentials-json makes the first stdout line exactly one JSON object with both credential sets', async () => {
    const { first, child } = await cli(['--port', '0', '--seed', '7', '--faults', '500:0.05,reset:0.02', '--credentials-json']);
    const creds = JSON.parse(first) as SandboxCredentials;
    expect(Object.keys(creds)).toEqual(['coursepath', 'coassemble']);
    expect(Object.keys(creds.coursepath).sort()).toEqual(['apiKey', 'baseUrl', 'email']);
    expect(Object.keys(creds.coassemble).sort()).toEqual(['apiKey', 'baseUrl', 'userId', 'userToken', 'workspaceId']);
    expect(creds.coassemble.apiKey).toMatch(/^[a-f0-9]{64}$/);
    // The printed credentials work against the printed URL.
    const r = await fetch(`${creds.coursepath.baseUrl}/__sandbox/ledger`);
    expect(r.status).toBe(200);
    child.kill('SIGTERM');
    const code = await new Promise((res) => child.on('exit', res));
    expect(code).toBe(0);
  });

  it('cli: without --credentials-json it prints its URL and the demo credentials', async () => {
    const { first, lines } = await cli(['--port', '0', '--seed', '7']);
    expect(first).toMatch(/^Bulk Desk sandbox LMS listening on http:\/\/127\.0\.0\.1:\d+$/);
    await new Promise((r) => setTimeout(r, 200));
    const text = lines.join('\n');
    expect(text).toMatch(/JWT secret [a-f0-9]{64}/);
    expect(text).toMatch(/Authorization: COASSEMBLE:\d+:[a-f0-9]{64}/);
  });

  it('cli: the same --seed prints the same credentials', async () => {
    const a = JSON.parse((await cli(['--port', '0', '--seed', '99', '--credentials-json'])).first) as SandboxCredentials;
    const b = JSON.parse((await cli(['--port', '0', '--seed', '99', '--credentials-json'])).first) as SandboxCredentials;
    expect(a.coassemble.apiKey).toBe(b.coassemble.apiKey);
    expect(a.coursepath.apiKey).toBe(b.coursepath.apiKey);
  });

  it('cli: --coassemble-limit 2/60s makes the third request a 429', async () => {
    const creds = JSON.parse((await cli(['--port', '0', '--coassemble-limit', '2/60s', '--credentials-json'])).first) as SandboxCredentials;
    expect((await putUser(creds, 'a')).status).toBe(200);
    expect((await putUser(creds, 'b')).status).toBe(200);
    const third = await putUser(creds, 'c');
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('cli: `npm run sandbox -- --credentials-json` (exactly as documented) prints the JSON as its first line', async () => {
    // The project .npmrc silences npm's "> script" banner, so no -s is needed.
    const { first } = await spawnCli('npm', ['run', 'sandbox', '--', '--port', '0', '--credentials-json']);
    const creds = JSON.parse(first) as SandboxCredentials;
    expect((await putUser(creds, 'via-npm')).status).toBe(200);
  });

  it('cli: flags map onto SandboxOptions (limits, --no-limits, --plan, validation)', () => {
    expect(optionsFromArgs(['--coassemble-limit', '100/60s', '--coursepath-limit', '5/1s']).opts).toMatchObject({
      port: 4010,
      coassembleLimit: { requests: 100, windowMs: 60_000 },
      coursepathLimit: { requests: 5, windowMs: 1000 },
    });
    expect(optionsFromArgs(['--no-limits']).opts).toMatchObject({ coassembleLimit: null, coursepathLimit: null });
    expect(optionsFromArgs(['--coassemble-limit', 'none']).opts.coassembleLimit).toBeNull();
    expect(optionsFromArgs(['--plan', 'core', '--seed', '7']).opts).toMatchObject({ plan: 'core', seed: 7 });
    expect(() => optionsFromArgs(['--plan', 'gold'])).toThrow(/plan/);
    expect(() => optionsFromArgs(['--faults', 'explode:0.5'])).toThrow(/unknown fault/);
    expect(() => optionsFromArgs(['--bogus'])).toThrow();
  });

  // `--faults bogus` (no rate) said only 'invalid fault "bogus" (expected name:value)': the admin who
  // mistyped a fault's name was not told the names there are, as `bulk-desk --sandbox-options` tells them.
  it('cli: an unknown fault is a usage error naming the known ones, exit 2, no stack', async () => {
    const known = /unknown fault "bogus" \(known: 500, 503, reset, timeout, lost, cut, 504, latency\)/;
    expect(() => optionsFromArgs(['--faults', 'bogus'])).toThrow(known);
    expect(() => optionsFromArgs(['--faults', '500'])).toThrow(/invalid fault "500" \(expected name:rate, e\.g\. 500:0\.05, or latency:MIN-MAX\)/);
    const child = spawn(process.execPath, [TSX, 'src-main/sandbox/cli.ts', '--faults', 'bogus', '--port', '0']);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code, stderr).toBe(2);
    expect(stderr).toMatch(known);
    expect(stderr).toContain('Usage: npm run sandbox');
    expect(stderr).not.toMatch(/\n\s+at /);
  }, 30_000);
});
