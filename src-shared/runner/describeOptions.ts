// A job's options in words, one line each, for History's audit record: what the admin chose and, where
// they left a choice alone, that the default held. The exact JSON is kept beside it; this is what an
// auditor reads first. `isSandbox`: the canary's default differs (off on the sandbox).
import type { JobOptions } from '../contract/api';
import { DEFAULT_FAILURE_BREAKER } from './breakers';
import { formatDuration } from '../util/duration';
import { rateText } from './jobEvents';
import { windowText } from './throttleDefaults';

const READ_BACK: Record<NonNullable<JobOptions['readBack']>, string> = {
  canary: 'the canary rows',
  all: 'every row',
  off: 'no row',
};

export function describeOptions(o: JobOptions, isSandbox: boolean): string[] {
  const lines: string[] = [];
  if (o.dryRun) lines.push('Dry run: every request built and checked, nothing sent.');
  lines.push(
    o.ratePerSecond == null
      ? "Rate: the connection's default."
      : `Rate: at most ${rateText(o.ratePerSecond)}.`,
  );
  lines.push(
    o.rateLimit === undefined
      ? "Rolling window: the API's documented one."
      : o.rateLimit === null
        ? 'Rolling window: none.'
        : `Rolling window: ${windowText(o.rateLimit)}.`,
  );
  lines.push(
    o.concurrency === undefined
      ? 'Requests in parallel: automatic.'
      : `Requests in parallel: ${o.concurrency}, pinned.`,
  );
  lines.push(`Attempts per row: ${o.maxAttempts ?? 'the default'}.`);
  if (o.timeoutMs !== undefined) lines.push(`Each answer waited for up to ${formatDuration(o.timeoutMs)}.`);
  const canary = o.canary ?? (isSandbox ? 0 : null);
  lines.push(
    canary === null
      ? 'Canary: the default first rows, then a pause.'
      : canary === 0
        ? 'Canary: off.'
        : `Canary: the first ${canary} row${canary === 1 ? '' : 's'}, then a pause.`,
  );
  lines.push(`Read back: ${READ_BACK[o.readBack ?? 'canary']}.`);
  const b = o.breaker === undefined ? DEFAULT_FAILURE_BREAKER : o.breaker;
  lines.push(
    b === null
      ? 'Pause on failures: off.'
      : `Pause when more than ${b.failures} of the last ${b.window} rows fail.`,
  );
  lines.push(o.allowDuplicates ? 'Rows repeating a key: sent too.' : 'Rows repeating a key: skipped.');
  lines.push(o.resend ? 'Rows already sent: sent again.' : 'Rows already sent: skipped.');
  lines.push(
    o.undo === false
      ? 'Undo: off (no state kept before each write).'
      : 'Undo: on (each target read before its write, where the action has such a read).',
  );
  if (o.confirm) lines.push(`Confirmed by typing “${o.confirm}”.`);
  return lines;
}
