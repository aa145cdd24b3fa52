import type { ItemStatus, JobState } from '../../src-shared/contract/api';

const LABELS: Record<string, string> = {
  pending: 'pending',
  sending: 'sending',
  retry_wait: 'waiting to retry',
  succeeded: 'succeeded',
  failed: 'failed',
  in_doubt: 'in doubt',
  skipped: 'skipped',
  ready: 'ready',
  running: 'running',
  paused: 'paused',
  completed: 'completed',
  cancelled: 'cancelled',
  interrupted: 'interrupted',
  disconnected: 'not known: Bulk Desk’s service is not answering',
};

export function StatusBadge({ status, testId }: { status: ItemStatus | JobState | 'disconnected'; testId?: string }) {
  return (
    <span className={`badge badge-${status}`} data-testid={testId} title={LABELS[status] ?? status}>
      {status}
    </span>
  );
}

/** 2xx green, 4xx/5xx red, none grey. */
export function HttpStatus({ status }: { status: number | null }) {
  if (status === null) return <span className="http http-none">—</span>;
  const cls = status < 300 ? 'http-ok' : status < 500 ? 'http-client' : 'http-server';
  return <span className={`http ${cls}`}>{status}</span>;
}
