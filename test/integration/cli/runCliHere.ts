// Runs the CLI's router in this process (the same runCli the `bulk-desk` bin calls, with real services
// on a real data folder), for checks that need no separate process: a few milliseconds instead of the
// seconds a fresh `tsx` process takes to start.
import { PassThrough, Readable } from 'node:stream';
import { runCli } from '../../../src-main/cli/cli';
import type { Ran } from './runCli';

export async function cliHere(args: string[], input = ''): Promise<Ran> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await runCli(args, { stdout, stderr, stdin: Readable.from([input]) });
  return { code, stdout: out, stderr: err };
}
