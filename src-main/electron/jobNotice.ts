// What the OS notification says when a job finishes, pauses or needs a decision — shown by main only while
// Bulk Desk is not the focused window (the Run screen already says it otherwise; jobWatcher.ts decides).
// One notice per change of state, never one per progress event. Pure, unit-tested.
import type { ItemCounts, JobProgress, JobState, JobSummary } from '../../src-shared/contract/api';

export type JobNoticeKind = 'finished' | 'decision' | 'paused' | 'interrupted';

export interface JobNotice {
  kind: JobNoticeKind;
  title: string;
  body: string;
}

const rows = (n: number) => `${n.toLocaleString('en-US')} row${n === 1 ? '' : 's'}`;

/**
 * The notice for a job whose state went from `previous` (undefined: not seen before) to `next.state`, or
 * null when there is nothing to tell: the job is still going, or the admin cancelled it themselves.
 * `label` names the job, e.g. "users.csv → Coursepath: create member".
 */
export function jobNotice(
  previous: JobState | undefined,
  next: JobProgress,
  label: string,
): JobNotice | null {
  if (previous === next.state) return null;
  const c = next.counts;
  switch (next.state) {
    case 'completed': {
      const sent = `${rows(c.succeeded)} sent`;
      const skipped = c.skipped ? `, ${rows(c.skipped)} skipped` : '';
      if (c.in_doubt > 0)
        return {
          kind: 'decision',
          title: 'Job finished: rows need your decision',
          body: `${label}: ${sent}, ${c.failed} failed, ${rows(c.in_doubt)} in doubt${skipped}. Open History to check and resend or settle them.`,
        };
      if (c.failed > 0)
        return {
          kind: 'finished',
          title: 'Job finished with failures',
          body: `${label}: ${sent}, ${rows(c.failed)} failed${skipped}. Open History to review or retry the failed rows.`,
        };
      return { kind: 'finished', title: 'Job finished', body: `${label}: ${sent}${skipped}.` };
    }
    case 'paused':
      if (next.stopReason)
        return {
          kind: 'decision',
          title: 'Job paused: your decision is needed',
          body: `${label}: ${next.stopReason.message}`,
        };
      return {
        kind: 'paused',
        title: 'Job paused',
        body: `${label}: ${rows(done(next.counts))} of ${c.total.toLocaleString('en-US')} done. Resume it on the Run screen.`,
      };
    case 'interrupted':
      return {
        kind: 'interrupted',
        title: 'Job interrupted',
        body: `${label}: ${next.stopReason?.message ?? 'it stopped before every row was sent. Resume it from History.'}`,
      };
    case 'ready':
    case 'running':
    case 'cancelled':
      return null;
  }
}

/** How the notices (and the quit question) name a job: "users.csv → Coursepath: create member". */
export function jobLabel(job: Pick<JobSummary, 'fileName' | 'templateName'>): string {
  return `${job.fileName} → ${job.templateName}`;
}

/** Rows that have an outcome (everything but those waiting, being sent or waiting to retry). */
export function done(c: ItemCounts): number {
  return Math.max(0, c.total - c.pending - c.sending - c.retry_wait - (c.waiting ?? 0)); // blocked recipe items are done: nothing more happens to them
}
