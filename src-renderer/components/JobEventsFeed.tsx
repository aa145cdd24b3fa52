// What a job said about itself, newest first, in words: the LMS asking to slow down, the pace lowered,
// rows failing, pauses (src-shared/runner/jobEvents.ts). Run shows it live; History after the fact.
import type { JobEventDto, JobEventKind } from '../../src-shared/contract/api';
import { formatClock } from '../../src-shared/util/dates';

const TONE: Record<JobEventKind, 'info' | 'warn' | 'error'> = {
  started: 'info',
  ended: 'info',
  rateChanged: 'info',
  resolved: 'info',
  credentialsChecked: 'info',
  paused: 'warn',
  cancelled: 'warn',
  throttled: 'warn',
  slowed: 'warn',
  retrying: 'warn',
  inDoubt: 'error',
  failed: 'error',
};

const clock = (at: number) => formatClock(at, { seconds: true });

export function JobEventsFeed({
  events,
  max = 8,
  testId = 'job-events',
}: {
  events: readonly JobEventDto[];
  max?: number;
  testId?: string;
}) {
  if (events.length === 0) return null;
  // Newest first by when each last happened (a folded repeat moves up when it happens again).
  const newest = [...events].sort((a, b) => b.lastAt - a.lastAt || b.seq - a.seq);
  const shown = newest.slice(0, max);
  const rest = newest.slice(max);
  const line = (e: JobEventDto) => (
    <li key={e.seq} className={`event event-${TONE[e.kind]}`} data-kind={e.kind}>
      <time dateTime={new Date(e.lastAt).toISOString()}>{clock(e.lastAt)}</time>
      <span>{e.message}</span>
    </li>
  );
  return (
    <section className="job-events" aria-label="What the job said" data-testid={testId}>
      <h3 className="small-heading">What happened</h3>
      <ol aria-live="polite">{shown.map(line)}</ol>
      {rest.length > 0 && (
        <details>
          <summary className="small">{rest.length} earlier</summary>
          <ol>{rest.map(line)}</ol>
        </details>
      )}
    </section>
  );
}
