// `--secret-stdin` typed at a terminal: the terminal echoed the secret as it was typed (on screen, in the
// scrollback, in a shared or recorded session), after no prompt at all — the command seemed to hang.
// Now it asks on stderr and reads with echo off. Real pseudo-terminal (util-linux `script`), the bin in
// its own process, the real keychain and a real sandbox LMS that checks the secret by its signature.
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../../src-main/sandbox/index';
import { tempDir } from '../../helpers/tempDir';
import { cli, ROOT, useCliWorld } from './runCli';

function hasScript(): boolean {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Runs the bin on a pseudo-terminal; types `typed` once the prompt shows (or after 8 s without one). */
function onTerminal(args: string[], typed: string): Promise<{ code: number | null; screen: string }> {
  const command = [process.execPath, join(ROOT, 'scripts', 'cli.mjs'), ...args].map((a) => `'${a}'`).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], { cwd: ROOT, env: process.env });
    let screen = '';
    let sent = false;
    const type = () => {
      if (sent) return;
      sent = true;
      child.stdin.write(typed);
    };
    const fallback = setTimeout(type, 8_000);
    const killer = setTimeout(() => child.kill('SIGKILL'), 40_000);
    child.stdout.on('data', (d: Buffer) => {
      screen += d.toString();
      if (screen.includes('Secret (')) type();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(fallback);
      clearTimeout(killer);
      resolve({ code, screen });
    });
  });
}

describe.skipIf(!hasScript())('connections add --secret-stdin at a terminal', () => {
  const w = useCliWorld();

  it('prompts, does not show the secret as it is typed, and stores exactly what was typed', async () => {
    const dir = (w.dir = tempDir()).path;
    const sandbox = (w.sandbox = await startSandbox({ seed: 5 }));
    const cp = sandbox.credentials.coursepath;
    const add = (name: string) => ['connections', 'add', '--api', 'coursepath', '--name', name, '--base-url', cp.baseUrl];
    const r = await onTerminal([...add('Typed'), '--email', cp.email, '--secret-stdin', '--data-dir', dir], `${cp.apiKey}\r`);
    expect(r.code, r.screen).toBe(0);
    expect(r.screen).toContain('Secret (what you type or paste is not shown; Enter to finish):');
    expect(r.screen).not.toContain(cp.apiKey);
    const id = /Saved connection (\S+) \(Typed\)/.exec(r.screen)?.[1];
    expect(id, r.screen).toBeTruthy();
    const test = await cli(['connections', 'test', id!, '--data-dir', dir]);
    expect(test.code, test.stdout).toBe(0); // the academy accepts a JWT signed with what was typed

    // Ctrl+C at the prompt: nothing saved, said so.
    const gaveUp = await onTerminal([...add('Other'), '--email', cp.email, '--secret-stdin', '--data-dir', dir], '\u0003');
    expect(gaveUp.code).toBe(2);
    expect(gaveUp.screen).toContain('no secret entered: nothing was saved');
    expect((await cli(['connections', 'list', '--data-dir', dir])).stdout).not.toContain('Other');
  }, 90_000);
});
