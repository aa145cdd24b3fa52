import { useEffect, useState } from 'react';
import type { AttemptDto, ItemStatus, JobSummary, SkipReason } from '../../src-shared/contract/api';
import { ConfirmDialog, phraseNeeded, type ConfirmRequest } from '../components/ConfirmDialog';
import { StopReasonBanner } from '../components/StopReasonBanner';
import { connectionsSelectors, useConnectionsStore } from '../stores/connectionsStore';
import { EmptyState } from '../components/EmptyState';
import { ErrorMessage } from '../components/ErrorMessage';
import { fmtDuration, fmtInt, fmtTime } from '../components/format';
import { JobHead } from '../components/JobHead';
import { HeadersTable, SentBodies } from '../components/RequestView';
import { HttpStatus, StatusBadge } from '../components/StatusBadge';
import { go } from '../stores/appStore';
import {
  historySelectors,
  ITEMS_PAGE,
  loadItems,
  loadJobs,
  openItem,
  openJob,
  resolveInDoubt,
  retryFailed,
  sendRemaining,
  setFilter,
  setOffset,
  useHistoryStore,
} from '../stores/historyStore';
import { exportJob, useExportStore } from '../stores/exportStore';
import { RecipeRowsPanel } from './RecipeRowsPanel';

const ATTEMPT_LABEL: Record<AttemptDto['kind'], string> = {
  send: 'Attempt',
  lookup: 'Lookup',
  dry_run: 'Dry run',
  readback: 'Read back',
  prior: 'Read before',
};
import { watchJob } from '../stores/runStore';

const FILTERS: (ItemStatus | 'all')[] = [
  'all',
  'failed',
  'succeeded',
  'skipped',
  'in_doubt',
  'retry_wait',
  'pending',
  'sending',
  'blocked',
  'waiting',
];

const duration = (j: JobSummary) => (j.startedAt ? (j.finishedAt ?? Date.now()) - j.startedAt : null);

const SKIP_LABELS: Record<SkipReason, string> = {
  duplicate: 'duplicate',
  alreadySent: 'already sent',
  invalid: 'invalid',
  dryRun: 'would send',
  condition: 'not applicable',
};

export function HistoryScreen() {
  const s = useHistoryStore();
  const job = useHistoryStore(historySelectors.openJob);
  const selected = useHistoryStore(historySelectors.selectedItem);
  const exporting = useExportStore();
  const jobConnection = useConnectionsStore(connectionsSelectors.byId(job?.connectionId ?? null));
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const [lastAction, setLastAction] = useState<'retry' | 'remaining'>('retry');
  // Main refused for want of a destructive template's phrase: ask for it, then do the same again.
  const needed = phraseNeeded(s.retryError);
  useEffect(() => {
    if (!needed || !job) return;
    const again = lastAction === 'retry' ? retryFailed : sendRemaining;
    setConfirm({
      title: `${lastAction === 'retry' ? 'Rerun the failed rows' : 'Send the remaining rows'} of “${job.templateName}”?`,
      body: <p>The rows would go to {job.connectionName} now. This cannot be undone.</p>,
      confirmLabel: lastAction === 'retry' ? 'Rerun them' : 'Send them',
      phrase: needed,
      prefill: jobConnection?.isSandbox ?? false,
      onConfirm: (typed) =>
        void again(typed).then((updated) => {
          if (updated) watchJob(updated);
        }),
    });
  }, [needed, job, lastAction, jobConnection]);

  useEffect(() => {
    void loadJobs();
    if (useHistoryStore.getState().openJobId) void loadItems();
  }, []);

  if (s.loaded && s.jobs.length === 0 && !s.error)
    return (
      <section className="screen" aria-labelledby="history-title">
        <h1 id="history-title">History</h1>
        <EmptyState
          title="No jobs yet"
          action={{ label: 'Start with a spreadsheet', onClick: () => go('import') }}
        >
          Every run is kept here with each row’s request, response and outcome — even after you close the app.
        </EmptyState>
      </section>
    );

  return (
    <section className="screen" aria-labelledby="history-title">
      <header className="screen-header">
        <div>
          <h1 id="history-title">History</h1>
          <p className="lede">Every job, every row, every attempt — kept on this machine.</p>
        </div>
        <button type="button" onClick={() => void loadJobs()}>
          Refresh
        </button>
      </header>
      <ErrorMessage error={s.error} title="Could not load the history." />

      <div className="table-wrap">
        <table className="table jobs-table" aria-label="Jobs">
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">Action</th>
              <th scope="col">Connection</th>
              <th scope="col">File</th>
              <th scope="col">State</th>
              <th scope="col" className="num">
                Succeeded
              </th>
              <th scope="col" className="num">
                Failed
              </th>
              <th scope="col" className="num">
                Rows
              </th>
              <th scope="col">Duration</th>
            </tr>
          </thead>
          <tbody>
            {s.jobs.map((j) => (
              <tr
                key={j.id}
                data-testid={`history-job-${j.id}`}
                data-state={j.state}
                className={`clickable${s.openJobId === j.id ? ' selected' : ''}`}
                onClick={() => openJob(j.id)}
              >
                <td>{fmtTime(j.startedAt ?? j.createdAt)}</td>
                <td>
                  <button
                    type="button"
                    className="link"
                    onClick={(e) => (e.stopPropagation(), openJob(j.id))}
                  >
                    {j.templateName}
                  </button>
                  {j.options.dryRun && <span className="chip">dry run</span>}
                </td>
                <td>{j.connectionName}</td>
                <td>{j.fileName}</td>
                <td>
                  <StatusBadge status={j.state} />
                </td>
                <td className="num ok-text">{fmtInt(j.counts.succeeded)}</td>
                <td className={`num${j.counts.failed ? ' error-text' : ''}`}>{fmtInt(j.counts.failed)}</td>
                <td className="num">{fmtInt(j.counts.total)}</td>
                <td>{fmtDuration(duration(j))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {job && (
        <section
          className="card job-detail"
          aria-labelledby="detail-title"
          data-testid="job-detail"
          data-job-id={job.id}
        >
          <JobHead job={job} titleId="detail-title" stateTestId="history-job-state" />
          <StopReasonBanner job={job} />
          <p className="muted small">
            {fmtInt(job.counts.total)} {job.recipe ? 'items' : 'rows'} · {fmtInt(job.counts.succeeded)} succeeded ·{' '}
            {fmtInt(job.counts.failed)} failed
            {job.counts.skipped ? ` · ${fmtInt(job.counts.skipped)} skipped` : ''}
            {job.counts.in_doubt ? ` · ${fmtInt(job.counts.in_doubt)} in doubt` : ''} · created{' '}
            {fmtTime(job.createdAt)}
            {job.finishedAt ? ` · finished ${fmtTime(job.finishedAt)}` : ''}
          </p>
          <div className="toolbar">
            <label className="inline-field">
              Show
              <select
                data-testid="history-filter"
                value={s.filter}
                onChange={(e) => setFilter(e.target.value as ItemStatus | 'all')}
              >
                {FILTERS.map((f) => (
                  <option key={f} value={f}>
                    {f === 'all'
                      ? `all rows (${job.counts.total})`
                      : `${f.replace('_', ' ')} (${job.counts[f]})`}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="button"
              className="primary"
              data-testid="retry-failed-button"
              disabled={job.counts.failed === 0 || job.state === 'running' || s.retrying}
              onClick={async () => {
                setLastAction('retry');
                const updated = await retryFailed();
                if (updated) watchJob(updated);
              }}
            >
              {s.retrying
                ? 'Queuing…'
                : job.counts.failed === 0
                  ? 'No failed rows to rerun'
                  : `Rerun ${fmtInt(job.counts.failed)} failed row${job.counts.failed === 1 ? '' : 's'}`}
            </button>
            {(job.state === 'cancelled' || job.state === 'interrupted' || job.state === 'paused') &&
              job.counts.pending + job.counts.retry_wait > 0 && (
                <button
                  type="button"
                  data-testid="history-send-remaining"
                  disabled={s.retrying}
                  onClick={async () => {
                    setLastAction('remaining');
                    const updated = await sendRemaining();
                    if (updated) watchJob(updated);
                  }}
                >
                  {job.state === 'paused' ? 'Resume: send' : 'Send'} the remaining{' '}
                  {fmtInt(job.counts.pending + job.counts.retry_wait)} row
                  {job.counts.pending + job.counts.retry_wait === 1 ? '' : 's'}
                </button>
              )}
            <span className="toolbar-sep" aria-hidden="true" />
            <span className="muted small">Export:</span>
            <button
              type="button"
              data-testid="export-results-csv"
              disabled={exporting.running !== null}
              onClick={() => void exportJob(job, 'results')}
              title="Every row: your columns plus outcome, HTTP status, attempts, error and response"
            >
              Results CSV
            </button>
            <button
              type="button"
              data-testid="export-failed-csv"
              disabled={exporting.running !== null || job.counts.failed === 0}
              onClick={() => void exportJob(job, 'failed')}
              title="Only failed rows, with your columns and the error: fix them and import the file again"
            >
              Failed rows CSV
            </button>
            <button
              type="button"
              data-testid="export-json"
              disabled={exporting.running !== null}
              onClick={() => void exportJob(job, 'json')}
            >
              JSON
            </button>
            {exporting.running && (
              <span className="muted small" role="status">
                Exporting… {fmtInt(exporting.written)} rows
              </span>
            )}
            {!exporting.running && exporting.lastFile && (
              <span className="muted small" role="status" data-testid="export-done">
                Saved {exporting.lastFile}
              </span>
            )}
            {job.state === 'running' || job.state === 'paused' ? (
              <button
                type="button"
                onClick={() => {
                  watchJob(job);
                  go('run');
                }}
              >
                Watch on Run
              </button>
            ) : null}
          </div>
          {job.counts.in_doubt > 0 && job.state !== 'running' && (
            <div
              className="card warn-card"
              role="region"
              aria-label="Rows in doubt"
              data-testid="in-doubt-panel"
            >
              <p>
                <strong>{fmtInt(job.counts.in_doubt)}</strong> row
                {job.counts.in_doubt === 1 ? ' was' : 's were'} being sent when the app stopped, and the LMS
                could not be asked whether {job.counts.in_doubt === 1 ? 'it' : 'they'} arrived. Check in the
                LMS, then decide:
              </p>
              <div className="actions">
                <button
                  type="button"
                  data-testid="in-doubt-resend"
                  disabled={s.retrying}
                  onClick={() => void resolveInDoubt('resend')}
                >
                  Send again
                </button>
                <button
                  type="button"
                  data-testid="in-doubt-succeeded"
                  disabled={s.retrying}
                  onClick={() => void resolveInDoubt('markSucceeded')}
                >
                  They arrived: mark succeeded
                </button>
                <button
                  type="button"
                  data-testid="in-doubt-failed"
                  disabled={s.retrying}
                  onClick={() => void resolveInDoubt('markFailed')}
                >
                  Mark failed
                </button>
              </div>
            </div>
          )}
          <ErrorMessage error={needed ? null : s.retryError} title="Could not change the job." />
          <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
          <ErrorMessage error={exporting.error} title="The export stopped." />
          <ErrorMessage error={s.itemsError} title="Could not load rows." />
          {/* A recipe job: each row with its steps as a timeline (its items are listed below too). */}
          {job.recipe && <RecipeRowsPanel job={{ ...job, recipe: job.recipe }} />}

          {s.items.length === 0 && !s.itemsLoading ? (
            <p className="muted">
              {s.filter === 'all' ? 'No rows yet.' : `No rows are ${s.filter.replace('_', ' ')}.`}
            </p>
          ) : (
            <div className="table-wrap">
              <table className="table items-table" aria-label="Rows of this job">
                <thead>
                  <tr>
                    <th scope="col" className="num">
                      Row
                    </th>
                    <th scope="col">Outcome</th>
                    <th scope="col" className="num">
                      Attempts
                    </th>
                    <th scope="col">HTTP</th>
                    <th scope="col">Error or note</th>
                    <th scope="col">Captured</th>
                    <th scope="col">Time</th>
                  </tr>
                </thead>
                <tbody>
                  {s.items.map((it) => (
                    <tr
                      key={it.id}
                      data-testid={`history-row-${it.rowNumber}`}
                      data-status={it.status}
                      className={`clickable${s.selectedItemId === it.id ? ' selected' : ''}`}
                      onClick={() => void openItem(it.id)}
                    >
                      <td className="num">
                        <button
                          type="button"
                          className="link"
                          onClick={(e) => (e.stopPropagation(), void openItem(it.id))}
                          aria-label={`Show attempts for row ${it.rowNumber}`}
                        >
                          {it.rowNumber}
                        </button>
                      </td>
                      <td>
                        <StatusBadge status={it.status} />
                        {it.skipReason && (
                          <span className={`verdict verdict-${it.skipReason}`} data-testid="skip-reason">
                            {SKIP_LABELS[it.skipReason]}
                          </span>
                        )}
                      </td>
                      <td className="num">{it.attempts}</td>
                      <td>
                        <HttpStatus status={it.responseStatus} />
                      </td>
                      <td
                        className={it.error ? 'error-cell' : 'note-cell'}
                        title={it.error ?? it.note ?? undefined}
                      >
                        {it.error ?? it.note ?? ''}
                      </td>
                      <td className="captured-cell">
                        {it.captured
                          ? Object.entries(it.captured).map(([k, v]) => (
                              <span key={k} className="captured" title={`${k}: ${v}`}>
                                <span className="muted">{k}:</span> {v}
                              </span>
                            ))
                          : null}
                      </td>
                      <td>{fmtDuration(it.durationMs)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <div className="pager">
            <button type="button" disabled={s.offset === 0} onClick={() => setOffset(s.offset - ITEMS_PAGE)}>
              ← Previous
            </button>
            <span className="muted" data-testid="history-page">
              {s.total === 0
                ? '0 rows'
                : `${fmtInt(s.offset + 1)}–${fmtInt(Math.min(s.total, s.offset + ITEMS_PAGE))} of ${fmtInt(s.total)}`}
            </span>
            <button
              type="button"
              disabled={s.offset + ITEMS_PAGE >= s.total}
              onClick={() => setOffset(s.offset + ITEMS_PAGE)}
            >
              Next →
            </button>
          </div>

          {selected && (
            <section className="attempts" aria-labelledby="attempts-title" data-testid="attempts-panel">
              <h3 id="attempts-title">
                Row {selected.rowNumber}: {selected.method} <code>{selected.url}</code>
              </h3>
              <ErrorMessage error={s.attemptsError} title="Could not load attempts." />
              {s.attempts?.length === 0 && <p className="muted">Not sent yet.</p>}
              {s.attempts?.map((a) => (
                <details key={a.attempt} className="attempt" open={a.attempt === s.attempts!.length}>
                  <summary>
                    {ATTEMPT_LABEL[a.kind]}{' '}
                    {a.attempt} · <HttpStatus status={a.responseStatus} /> · {fmtTime(a.startedAt)} ·{' '}
                    {fmtDuration(a.durationMs)}
                    {a.error ? <span className="error-text"> · {a.error}</span> : null}
                  </summary>
                  <div className="attempt-body">
                    {a.url && a.url !== selected.url && (
                      <p className="small">
                        <code>{a.url}</code>
                      </p>
                    )}
                    <h4>Request headers</h4>
                    <HeadersTable headers={a.requestHeaders} />
                    <SentBodies requestBody={a.requestBody} responseBody={a.responseBody} />
                  </div>
                </details>
              ))}
            </section>
          )}
        </section>
      )}
    </section>
  );
}
