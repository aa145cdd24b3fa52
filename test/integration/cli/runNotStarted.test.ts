// `run` makes its job, then the start fails — the disk filled between the two (a real full disk: a small
// tmpfs, filled up as the start is asked for). The job is left `ready`, every row pending, nothing sent.
// It used to end on the error alone ("The disk … is full. Free some space on it."), the job this run made
// never named as not started: with space freed, the admin ran `run` again and the first job stayed ready
// in History for good. Now the error is followed by the job and the command that starts it.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src-main/cli/cli';
import { createServices } from '../../../src-main/services';
import { fillDisk, useSmallDisk } from '../../helpers/smallDisk';
import { cliHere } from './runCliHere';
import { json, useCliWorld, type Ran } from './runCli';

/** The CLI in this process, its services opened as usual, but the disk holding `dir` fills as the job is started. */
async function cliWithDiskFullAtStart(dir: string, args: string[]): Promise<Ran> {
  const open: typeof createServices = async (o) => {
    const s = await createServices(o);
    const dispatch = s.dispatch;
    s.dispatch = async (method, input, caller) => {
      if (method === 'jobs.start') fillDisk(dir, 0);
      return dispatch(method, input, caller);
    };
    return s;
  };
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await runCli(args, { stdout, stderr, stdin: Readable.from(['']) }, { openServices: open });
  return { code, stdout: out, stderr: err };
}

describe('run: a job made but not started by a fault', () => {
  useCliWorld();
  const disk = useSmallDisk();

  it('a full disk at the start: exit 1, the cause, then the job left ready and the command that starts it', async (ctx) => {
    const dir = { path: disk.mount(ctx, '12m') };
    const D = ['--data-dir', dir.path];
    const file = join(dir.path, 'people.csv');
    writeFileSync(
      file,
      `email,name\n${Array.from({ length: 200 }, (_, i) => `p${i}@example.com,P ${i}`).join('\n')}\n`,
    );
    const dataset = json<{ id: string }>(await cliHere(['import', file, '--json', ...D])).id;
    const r = await cliWithDiskFullAtStart(dir.path, [
      ...['run', '--dataset', dataset, '--connection', 'sandbox-coursepath'],
      ...['--template', 'coursepath.members.create', '--auto', '--with-sandbox', ...D],
    ]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/Error: The disk holding .*bulk-desk\.sqlite is full/);
    rmSync(join(dir.path, 'filler.bin')); // space freed: the job can be read, and started
    const jobId = r.stdout.trim();
    expect(jobId).toMatch(/^[0-9a-f-]{36}$/);
    const job = json<{ state: string; counts: { pending: number; total: number } }>(
      await cliHere(['jobs', 'show', jobId, '--json', ...D]),
    );
    expect(job.state).toBe('ready');
    expect(job.counts.pending).toBe(200);
    // Said after the cause, ready to paste once it is dealt with (the folder's --data-dir with it).
    expect(r.stderr).toContain(
      `Job ${jobId} was made but not started. Once that is dealt with, start it with: bulk-desk jobs resume ${jobId} --data-dir ${dir.path}\n`,
    );
    expect(r.stderr.indexOf('Error: The disk holding')).toBeLessThan(
      r.stderr.indexOf('was made but not started'),
    );
  }, 60_000);
});
