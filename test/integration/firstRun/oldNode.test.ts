// A fresh Debian machine's Node 20 first on PATH (issue 21): every entry point says which Node Bulk Desk
// needs and what to do, and exits 1 — never the "Segmentation fault" (139) that loading better-sqlite3 13
// under an old Node gave. `npm ci` refuses to install at all (engine-strict). The old Node is the
// machine's own (/usr/bin/node is 20 on these machines) or BULKDESK_OLD_NODE; with none, this skips and
// says why.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseVersion, requiredNodeVersion } from '../../../scripts/checkNode.mjs';

const ROOT = resolve(import.meta.dirname, '../../..');
const REQUIRED = requiredNodeVersion();

/** The first Node older than package.json's minimum: BULKDESK_OLD_NODE, the system's, or any on PATH. */
function findOldNode(): { path: string; version: string } | null {
  const onPath = (process.env.PATH ?? '').split(delimiter).map((d) => join(d, 'node'));
  const candidates = [process.env.BULKDESK_OLD_NODE, '/usr/bin/node', '/usr/local/bin/node', ...onPath];
  const need = parseVersion(REQUIRED)!;
  for (const path of candidates) {
    if (!path || !existsSync(path)) continue;
    const r = spawnSync(path, ['-p', 'process.versions.node'], { encoding: 'utf8', timeout: 10_000 });
    const v = parseVersion(r.stdout ?? '');
    if (r.status !== 0 || !v) continue;
    const older = v[0] !== need[0] ? v[0] < need[0] : v[1] !== need[1] ? v[1] < need[1] : v[2] < need[2];
    if (older) return { path, version: r.stdout.trim() };
  }
  return null;
}

const old = findOldNode();
if (!old)
  console.log(
    `[oldNode.test] skipped: no Node older than ${REQUIRED} on this machine (looked at BULKDESK_OLD_NODE, ` +
      '/usr/bin/node, /usr/local/bin/node and PATH); set BULKDESK_OLD_NODE to one to run these tests.',
  );

interface Ran {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/** Runs `command` with the old Node first on PATH, as on the fresh machine. */
function run(command: string, args: string[], bin: string, cwd = ROOT): Promise<Ran> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    // Nothing of the npm that runs these tests (npm_node_execpath, npm_config_*…) leaks into the child.
    if (v !== undefined && !k.toLowerCase().startsWith('npm_')) env[k] = v;
  }
  env.PATH = `${bin}${delimiter}${process.env.PATH ?? ''}`;
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', fail);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, output });
    });
  });
}

describe.skipIf(!old)(`with Node ${old?.version ?? '(none)'} first on PATH`, () => {
  let bin: string;
  beforeAll(() => {
    bin = mkdtempSync(join(tmpdir(), 'bulk-desk-old-node-'));
    symlinkSync(old!.path, join(bin, 'node'));
  });
  afterAll(() => rmSync(bin, { recursive: true, force: true }));

  const message = () => `Bulk Desk needs Node.js 22.12 or newer; you have ${old!.version}.`;

  it.each([
    ['npm start', 'npm', ['start']],
    ['npm run serve', 'npm', ['run', 'serve']],
    ['npm run cli', 'npm', ['run', 'cli', '--', 'jobs', 'list']],
    ['the bulk-desk bin', join(ROOT, 'scripts', 'cli.mjs'), ['--help']],
    ['npm test', 'npm', ['test']],
  ])('%s prints what to do and exits 1', async (_name, command, args) => {
    const r = await run(command as string, args as string[], bin);
    expect(r.output).toContain(message());
    expect(r.output).toMatch(/export PATH=\/opt\/node22\/node_modules\/node-linux-(x64|arm64)\/bin:\$PATH/);
    expect(r.output).not.toMatch(/Segmentation fault|core dumped/i);
    expect({ code: r.code, signal: r.signal }).toEqual({ code: 1, signal: null });
  });

  it('npm ci refuses to install anything (engine-strict), naming the Node it needs and the one it found', async () => {
    const project = mkdtempSync(join(tmpdir(), 'bulk-desk-npm-ci-'));
    try {
      for (const f of ['package.json', 'package-lock.json', '.npmrc'])
        copyFileSync(join(ROOT, f), join(project, f));
      // The project's .npmrc keeps npm quiet (loglevel=silent); --loglevel=warn, as scripts/setup.sh passes it, shows why.
      const r = await run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=warn'], bin, project);
      expect(r.code).toBe(1);
      expect(r.output).toContain('EBADENGINE');
      expect(r.output).toContain('Required: {"node":">=22.12.0"}');
      expect(r.output).toContain(`"node":"v${old!.version}"`);
      // Quiet or not, it stops before installing.
      const quiet = await run('npm', ['ci', '--no-audit', '--no-fund'], bin, project);
      expect(quiet.code).toBe(1);
      expect(existsSync(join(project, 'node_modules'))).toBe(false);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});
