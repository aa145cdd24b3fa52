import type { AttemptDto, ItemStatus, JobState } from '../../src-shared/contract/api';
import { httpTone, httpToneTitle } from '../../src-shared/runner/httpTone';
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

/**
 * 2xx green, 4xx/5xx red, none grey; `row`: the status of the row this is the last answer of — one that
 * succeeded on a 4xx (already there) is not painted as an error, nor a read before the write told 404
 * (not there yet); `kind`: the attempt's (src-shared/runner/httpTone.ts).
 */
export function HttpStatus({
  status,
  row,
  kind,
}: {
  status: number | null;
  row?: ItemStatus;
  kind?: AttemptDto['kind'];
}) {
  if (status === null) return <span className="http http-none">—</span>;
  return (
    <span className={`http http-${httpTone(status, row, kind)}`} title={httpToneTitle(status, row, kind)}>
      {status}
    </span>
  );
}
