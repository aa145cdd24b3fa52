import type { ItemStatus, JobState } from '../../src-shared/contract/api';
import { statusWords } from '../../src-shared/runner/statusWords';

// What the badge says comes from one table (src-shared/runner/statusWords.ts); the class keeps the value.
export function StatusBadge({ status, testId }: { status: ItemStatus | JobState | 'disconnected'; testId?: string }) {
  const words = status === 'disconnected' ? 'disconnected' : statusWords(status);
  const title = status === 'disconnected' ? 'not known: Bulk Desk’s service is not answering' : words;
  return (
    <span className={`badge badge-${status}`} data-testid={testId} title={title}>
      {words}
    </span>
  );
}

/** 2xx green, 4xx/5xx red, none grey. */
export function HttpStatus({ status }: { status: number | null }) {
  if (status === null) return <span className="http http-none">—</span>;
  const cls = status < 300 ? 'http-ok' : status < 500 ? 'http-client' : 'http-server';
  return <span className={`http ${cls}`}>{status}</span>;
}
