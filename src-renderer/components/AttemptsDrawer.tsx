// One row of a job in a drawer beside the grid: what it acts on, its outcome, the fields captured from the
// answer, and every attempt (request headers and body as sent, Authorization redacted; the answer). It
// stays open while the grid's arrow keys move to the next row; Escape or Close shuts it.
import { useEffect } from 'react';
import type { AttemptDto, JobItemDto } from '../../src-shared/contract/api';
import type { AppErrorShape } from '../../src-shared/contract/errors';
import { SKIP_LABELS } from '../../src-shared/export/jobColumns';
import { attemptLabels } from '../../src-shared/runner/attemptLabels';
import { attemptRow } from '../../src-shared/runner/httpTone';
import { ErrorMessage } from './ErrorMessage';
import { fmtDuration, fmtTime } from './format';
import { expired, keyText } from './ItemsGrid';
import { HeadersTable, SentBodies } from './RequestView';
import { HttpStatus, StatusBadge } from './StatusBadge';

// A row with no attempt in one of these may still be sent; any other (skipped, blocked…) will not be.
const STILL_TO_SEND: ReadonlySet<JobItemDto['status']> = new Set([
  'pending',
  'sending',
  'retry_wait',
  'waiting',
]);

interface Props {
  item: JobItemDto;
  attempts: AttemptDto[] | null;
  error: AppErrorShape | null;
  onClose: () => void;
}

export function AttemptsDrawer({ item, attempts, error, onClose }: Props) {
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      // A dialog's own Escape (a confirmation) is not the drawer's.
      if (e.key === 'Escape' && !(e.target instanceof Element && e.target.closest('dialog'))) onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  const key = keyText(item);
  const labels = attemptLabels(attempts?.map((a) => a.kind) ?? []);
  return (
    <aside
      className="drawer"
      role="complementary"
      aria-labelledby="drawer-title"
      data-testid="attempts-drawer"
      data-row={item.rowNumber}
    >
      <header className="drawer-head">
        <h3 id="drawer-title">
          Row {item.rowNumber}
          {key ? <span className="muted"> · {key}</span> : null}
        </h3>
        <button type="button" className="icon-button" onClick={onClose} aria-label="Close (Escape)">
          ×
        </button>
      </header>
      <p className="drawer-outcome">
        <StatusBadge status={item.status} />
        {item.skipReason && (
          <span className={`verdict verdict-${item.skipReason}`}>{SKIP_LABELS[item.skipReason]}</span>
        )}{' '}
        <HttpStatus status={item.responseStatus} row={item.status} />{' '}
        {item.method && (
          <code className="small">
            {item.method} {item.url}
          </code>
        )}
      </p>
      {(item.error || item.note) && (
        <p className={item.error ? 'error-text' : 'muted'}>{item.error ?? item.note}</p>
      )}
      {item.captured && (
        <dl className="kv drawer-captured" data-testid="drawer-captured">
          {Object.entries(item.captured).map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>
                <code className={expired(item) ? 'captured-expired' : undefined}>{v}</code>
              </dd>
            </div>
          ))}
        </dl>
      )}
      {item.captured && typeof item.capturedValidUntil === 'number' && (
        <p className={expired(item) ? 'warn-text' : 'muted small'} data-testid="drawer-captured-validity">
          {expired(item)
            ? `Expired ${fmtTime(item.capturedValidUntil)}: the LMS makes this link good for a limited time, so it no longer opens. A new run of the file makes a fresh one for this row.`
            : `Works until ${fmtTime(item.capturedValidUntil)}; after that a new run of the file makes a fresh one.`}
        </p>
      )}
      <ErrorMessage error={error} title="Could not load the attempts." />
      {attempts === null && !error && <p className="muted">Loading the attempts…</p>}
      {attempts?.length === 0 && (
        <p className="muted">
          {STILL_TO_SEND.has(item.status) ? 'Not sent yet.' : 'Nothing was sent for this row in this job.'}
        </p>
      )}
      {attempts?.map((a, i) => (
        <details key={a.attempt} className="attempt" open={a.attempt === attempts.length}>
          <summary>
            {labels[i]} ·{' '}
            <HttpStatus status={a.responseStatus} row={attemptRow(attempts, i, item.status)} kind={a.kind} />{' '}
            · {fmtTime(a.startedAt)} · {fmtDuration(a.durationMs)}
            {a.error ? <span className="error-text"> · {a.error}</span> : null}
          </summary>
          <div className="attempt-body">
            {a.url && a.url !== item.url && (
              <p className="small">
                <code>{a.url}</code>
              </p>
            )}
            <h4>Request headers</h4>
            <HeadersTable headers={a.requestHeaders} />
            <SentBodies
              requestBody={a.requestBody}
              responseBody={a.responseBody}
              requestHeaders={a.requestHeaders}
            />
          </div>
        </details>
      ))}
    </aside>
  );
}
