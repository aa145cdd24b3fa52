// A job `run` has just made (from a file, a recipe or a plan), said and started: its id on stdout (what a
// script reads), its line on stderr, then the start. When its output closed first (`bulk-desk run … |
// true`: the reader gone before the id was written) or a stop request came, the job is not started only
// to be paused at once: it stays `ready`, and stderr says so with the command that starts it — it was
// left ready with not a word, exit 141. A start that fails (a full disk, a database locked past the wait)
// leaves it ready too: the error is followed by the job and the command that starts it once the cause is
// dealt with — it used to end on the error alone, and the admin ran `run` again, leaving the first job
// ready in History for good.
import type { Input } from '../../src-shared/contract/api';
import type { Services } from '../services';
import { cliCommand } from '../services/dataDir';
import { call, write, type CliIo } from './io';
import { isClosedOutput, onStop, stopExitCode, type StopCause } from './stopRequests';

const NOT_STARTED_BECAUSE: Record<StopCause, string> = {
  outputClosed: 'its output closed before it began',
  SIGINT: 'Ctrl+C came before it began',
  SIGTERM: 'SIGTERM came before it began',
  SIGHUP: 'its terminal closed before it began',
};

/** Null once the job is started (the caller follows it); the exit code when it was left ready. */
export async function startMadeJob(
  s: Services,
  io: CliIo,
  job: { id: string; said: string; confirm: string | undefined; json: boolean },
): Promise<number | null> {
  let stopped: StopCause | null = null;
  const stopListening = onStop((cause) => (stopped = cause));
  try {
    try {
      if (!job.json) await write(io.stdout, `${job.id}\n`);
    } catch (e) {
      if (!isClosedOutput(e)) throw e;
    }
    io.stderr.write(job.said);
    // A closed pipe's EPIPE is told just after the write that met it: heard before the start.
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    stopListening();
  }
  if (stopped) {
    const confirm = job.confirm !== undefined ? ` --confirm "${job.confirm}"` : '';
    io.stderr.write(
      `Job ${job.id} was made but not started: ${NOT_STARTED_BECAUSE[stopped]}. Start it with: ${cliCommand(`jobs resume ${job.id}${confirm}`, s.dataDir)}\n`,
    );
    return stopExitCode(stopped);
  }
  const start = { jobId: job.id, ...(job.confirm !== undefined ? { confirm: job.confirm } : {}) };
  try {
    await call(s, 'jobs.start', start as Input<'jobs.start'>);
  } catch (e) {
    if (typeof e === 'object' && e !== null && (await stillReady(s, job.id))) {
      const confirm = job.confirm !== undefined ? ` --confirm "${job.confirm}"` : '';
      AFTERWORDS.set(
        e,
        `Job ${job.id} was made but not started. Once that is dealt with, start it with: ${cliCommand(`jobs resume ${job.id}${confirm}`, s.dataDir)}\n`,
      );
    }
    throw e;
  }
  return null;
}

/** Lines to print after an error's own (cli.ts), by the error they follow. */
const AFTERWORDS = new WeakMap<object, string>();

/** Says `words` after the error `e` is printed (cli.ts): what it left behind, and how to go on. */
export function sayAfter(e: unknown, words: string): void {
  if (typeof e === 'object' && e !== null) AFTERWORDS.set(e, words);
}

/** What to say after the error `e` is printed: a job it left ready, and how to start it. */
export const afterwordOf = (e: unknown): string | undefined =>
  typeof e === 'object' && e !== null ? AFTERWORDS.get(e) : undefined;

/** Whether the job is still ready (not started); false when it cannot be read either. */
async function stillReady(s: Services, jobId: string): Promise<boolean> {
  try {
    return (await call(s, 'jobs.get', { jobId })).state === 'ready';
  } catch {
    return false;
  }
}
