import { useCallback, useEffect, useState } from 'react';
import './history.css';
import { jobUndoSentence } from '../../src-shared/undo/undoSentence';
import type { ItemStatus, JobSummary } from '../../src-shared/contract/api';
import { sendingMs } from '../../src-shared/runner/runStatus';
import { rowsWithStatus, statusWords } from '../../src-shared/runner/statusWords';
import { AttemptsDrawer } from '../components/AttemptsDrawer';
import { ConfirmDialog, phraseNeeded, type ConfirmRequest } from '../components/ConfirmDialog';
import { StopReasonBanner } from '../components/StopReasonBanner';
import { connectionsSelectors, useConnectionsStore } from '../stores/connectionsStore';
import { EmptyState } from '../components/EmptyState';
import { ErrorMessage } from '../components/ErrorMessage';
import { fmtDuration, fmtInt, fmtTime, plural } from '../components/format';
import { ItemsGrid } from '../components/ItemsGrid';
import { JobEventsFeed } from '../components/JobEventsFeed';
import { JobHead } from '../components/JobHead';
import { StatusBadge } from '../components/StatusBadge';
import { useNow } from '../components/useNow';
import { go } from '../stores/appStore';
import {
  historySelectors,
  itemAt,
  loadJobs,
  loadPage,
  loadRange,
  openDrawer,
  openJob,
  resolveInDoubt,
  retryFailed,
  sendRemaining,
  setActiveIndex,
  setFilter,
  setSearch,
  useHistoryStore,
} from '../stores/historyStore';
import { exportJob, useExportStore } from '../stores/exportStore';
import { exportShown } from './history/exportShown';
import { jobCountsLine, jobOtherCounts } from './history/jobCountsLine';
import { jobSizeColumn } from './history/jobSizeColumn';
import { AuditSection } from './history/AuditSection';
import { JOB_DETAIL_TITLE } from './history/jobDetailTitle';
import { UndoSection } from './history/UndoSection';
import { RecipeRowsPanel } from './RecipeRowsPanel';
import { stateFilters } from '../../src-shared/runner/stateFilters';
import { inDoubtMayGo } from '../../src-shared/runner/rerunFailed';
import { watchJob } from '../stores/runStore';

/** Time spent sending: a paused, interrupted or finished job's stands still. */
const duration = (j: JobSummary, now: number) => (j.startedAt === null ? null : sendingMs(j, now, null));

export function HistoryScreen() {
  const s = useHistoryStore();
  const job = useHistoryStore(historySelectors.openJob);
  const drawerItem = useHistoryStore(historySelectors.drawerItem);
  // What the export says (running, saved, stopped) belongs to its own job, not to whichever is open.
  const exporting = exportShown(useExportStore(), job?.id ?? null);
  const jobConnection = useConnectionsStore(connectionsSelectors.byId(job?.connectionId ?? null));
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const [lastAction, setLastAction] = useState<'retry' | 'remaining' | 'resend'>('retry');
  const now = useNow(s.jobs.some((j) => j.state === 'running') ? 1000 : null);
  // The fields the job's own template captured (a recipe's every step's), as it froze them when made.
  const labels = job?.captureLabels ?? [];
  // What the open job counts: its rows, or a recipe job's items (each step of each row).
  const unit = job?.recipe ? 'item' : 'row';
  // Main refused for want of a destructive template's phrase: ask for it, then do the same again.
  const needed = phraseNeeded(s.retryError);
  useEffect(() => {
    if (!needed || !job) return;
    const again =
      lastAction === 'retry'
        ? retryFailed
        : lastAction === 'resend'
          ? (typed?: string) => resolveInDoubt('resend', typed)
          : sendRemaining;
    const of = `of “${job.templateName}”`;
    const title = {
      retry: `Rerun the failed ${unit}s ${of}?`,
      remaining: `Send the remaining ${unit}s ${of}?`,
      resend: `Send the ${unit}s in doubt ${of} again?`,
    };
    setConfirm({
      title: title[lastAction],
      body: (
        <p>
          The {unit}s would go to {job.connectionName} now.{' '}
          {lastAction === 'retry' && job.counts.in_doubt > 0
            ? `With the failed ${unit}s: ${inDoubtMayGo(job.counts.in_doubt, unit)}. `
            : ''}
          {jobUndoSentence(job.templateId, job.options.undo === false).text}
        </p>
      ),
      confirmLabel: lastAction === 'retry' ? 'Rerun them' : 'Send them',
      phrase: needed,
      prefill: jobConnection?.isSandbox ?? false,
      onConfirm: (typed) =>
        void again(typed).then((updated) => {
          if (updated) watchJob(updated);
        }),
    });
  }, [needed, job, lastAction, jobConnection, unit]);

  useEffect(() => {
    void loadJobs();
    if (useHistoryStore.getState().openJobId) void loadPage(0, true);
  }, []);
  const onRange = useCallback((first: number, last: number) => loadRange(first, last), []);
  const getItem = useCallback((index: number) => itemAt(useHistoryStore.getState(), index), []);

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

  const remaining = job ? job.counts.pending + job.counts.retry_wait : 0;
  // The count column says what it counts: rows, items, or both over a list mixing recipe and plain jobs.
  const size = jobSizeColumn(s.jobs);
  return (
    <section className="screen screen-wide" aria-labelledby="history-title">
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

      <div className="table-wrap jobs-wrap">
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
                {size.header}
              </th>
              <th scope="col" className="num">
                Sending time
              </th>
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
                  {j.undoOf && <span className="chip" title={`Undoes job ${j.undoOf}`}>undo</span>}
                </td>
                <td>{j.connectionName}</td>
                <td>
                  {/* Two lines at most, the whole name on hover: a long name made the row six lines tall at 1024 px. */}
                  <span className="file-name" title={j.fileName}>
                    {j.fileName}
                  </span>
                </td>
                <td>
                  <StatusBadge status={j.state} />
                  {/* What is neither succeeded nor failed, so the row adds up to its total. */}
                  {jobOtherCounts(j.counts) && (
                    <div className="small muted" data-testid="job-other-counts">
                      {jobOtherCounts(j.counts)}
                    </div>
                  )}
                </td>
                <td className="num ok-text">{fmtInt(j.counts.succeeded)}</td>
                <td className={`num${j.counts.failed ? ' error-text' : ''}`}>{fmtInt(j.counts.failed)}</td>
                {/* A recipe job counts items (a step of a row): "14 items" for a 3-row file, not "14" rows. */}
                <td className="num">{size.cell(j)}</td>
                <td className="num" data-testid="job-duration">
                  {fmtDuration(duration(j, now))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {job && (
        <section
          className="card job-detail"
          aria-labelledby={JOB_DETAIL_TITLE}
          data-testid="job-detail"
          data-job-id={job.id}
        >
          <JobHead job={job} titleId={JOB_DETAIL_TITLE} stateTestId="history-job-state" />
          <AuditSection job={job} />
          <StopReasonBanner job={job} />
          <p className="muted small" data-testid="history-job-counts">
            {jobCountsLine(job.counts, unit)} · created {fmtTime(job.createdAt)}
            {job.finishedAt ? ` · finished ${fmtTime(job.finishedAt)}` : ''}
          </p>
          <div className="toolbar">
            <button
              type="button"
              className="primary"
              data-testid="retry-failed-button"
              // A recipe job's item is a step of a row: its rerun sends that step again, then the later steps it blocked.
              // Its rows in doubt are settled as it starts, and may go too (rerunFailed.ts): said before it is pressed.
              title={
                [
                  job.recipe ? 'Each failed step again, then the later steps it blocked for that row' : '',
                  job.counts.in_doubt > 0 && job.counts.failed > 0
                    ? `With the failed ${unit}s: ${inDoubtMayGo(job.counts.in_doubt, unit)}`
                    : '',
                ]
                  .filter(Boolean)
                  .join('. ') || undefined
              }
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
                  ? `No failed ${unit}s to rerun`
                  : `Rerun ${plural(job.counts.failed, `failed ${unit}`)}`}
            </button>
            {(job.state === 'cancelled' || job.state === 'interrupted' || job.state === 'paused') &&
              remaining > 0 && (
                <button
                  type="button"
                  className={job.state === 'cancelled' ? undefined : 'primary'}
                  data-testid="history-send-remaining"
                  disabled={s.retrying}
                  onClick={async () => {
                    setLastAction('remaining');
                    const updated = await sendRemaining();
                    if (updated) watchJob(updated);
                  }}
                >
                  {job.state === 'cancelled' ? 'Send' : 'Resume: send'} the remaining{' '}
                  {plural(remaining, unit)}
                </button>
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
            <span className="toolbar-sep" aria-hidden="true" />
            <span className="muted small">Export:</span>
            <button
              type="button"
              data-testid="export-results-csv"
              disabled={exporting.busy}
              onClick={() => void exportJob(job, 'results', labels)}
              title={`Every row: your columns, then Row, Outcome, HTTP status, Attempts, Error, Note, Key${labels.length ? `, ${labels.join(', ')}` : ''}`}
            >
              Results CSV
            </button>
            <button
              type="button"
              data-testid="export-failed-csv"
              disabled={exporting.busy || job.counts.failed === 0}
              onClick={() => void exportJob(job, 'failed', labels)}
              title={
                job.recipe
                  ? 'Each row with a failed step, once, with your columns and the error: fix them and import the file again'
                  : 'Only failed rows, with your columns and the error: fix them and import the file again'
              }
            >
              Failed rows CSV
            </button>
            <button
              type="button"
              data-testid="export-json"
              disabled={exporting.busy}
              onClick={() => void exportJob(job, 'json', labels)}
            >
              JSON
            </button>
            {exporting.running && (
              <span className="muted small" role="status" data-testid="export-running">
                {exporting.running}
              </span>
            )}
            {!exporting.running && exporting.lastFile && (
              <span className="muted small" role="status" data-testid="export-done">
                Saved {exporting.lastFile}
              </span>
            )}
          </div>
          <UndoSection job={job} />
          {job.counts.in_doubt > 0 && job.state !== 'running' && (
            <div
              className="card warn-card"
              role="region"
              aria-label={`${unit === 'item' ? 'Items' : 'Rows'} in doubt`}
              data-testid="in-doubt-panel"
            >
              <p>
                <strong>{plural(job.counts.in_doubt, unit)}</strong>
                {job.counts.in_doubt === 1 ? ' was' : ' were'} being sent when the connection broke or the app stopped, and the LMS
                could not be asked whether {job.counts.in_doubt === 1 ? 'it' : 'they'} arrived. Check in the
                LMS, then decide:
              </p>
              {(job.state === 'paused' || job.state === 'cancelled') &&
                job.counts.pending + job.counts.retry_wait > 0 && (
                <p className="muted small" data-testid="in-doubt-queue-note">
                  The job has {plural(job.counts.pending + job.counts.retry_wait, `other ${unit}`)} not sent yet:
                  Send again puts {job.counts.in_doubt === 1 ? `this ${unit}` : `these ${unit}s`} back in its queue, and they
                  go when you resume the job.
                </p>
              )}
              <div className="actions">
                <button
                  type="button"
                  data-testid="in-doubt-resend"
                  disabled={s.retrying}
                  onClick={() => {
                    setLastAction('resend');
                    void resolveInDoubt('resend');
                  }}
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
          {s.events.length > 0 && (
            <details className="history-events" data-testid="history-events">
              <summary>What happened ({plural(s.events.length, 'event')})</summary>
              <JobEventsFeed events={s.events} max={20} testId="history-events-feed" />
            </details>
          )}
          {/* A recipe job: each row with its steps as a timeline (its items are listed below too). */}
          {job.recipe && <RecipeRowsPanel job={{ ...job, recipe: job.recipe }} />}

          <div className="toolbar grid-toolbar" role="search">
            <label className="inline-field">
              Show
              <select
                data-testid="history-filter"
                value={s.filter}
                onChange={(e) => setFilter(e.target.value as ItemStatus | 'all')}
              >
                {stateFilters(job.counts, s.filter).map((f) => (
                  <option key={f} value={f}>
                    {f === 'all'
                      ? `all ${job.recipe ? 'items' : 'rows'} (${fmtInt(job.counts.total)})`
                      : `${statusWords(f)} (${fmtInt(job.counts[f])})`}
                  </option>
                ))}
              </select>
            </label>
            <label className="inline-field search-field">
              Find
              <input
                type="search"
                data-testid="history-search"
                placeholder="email, row number, error…"
                value={s.search}
                onChange={(e) => setSearch(e.target.value)}
                aria-describedby="history-count"
              />
            </label>
            <span className="muted small" id="history-count" data-testid="history-count" role="status">
              {s.query || s.filter !== 'all'
                ? `${s.capped ? 'more than ' : ''}${plural(s.total, unit)} ${s.total === 1 && !s.capped ? 'matches' : 'match'}`
                : plural(s.total, unit)}
            </span>
          </div>
          <ErrorMessage error={s.itemsError} title={`Could not load the ${unit}s.`} />
          {s.total === 0 && !s.itemsLoading ? (
            <p className="muted" data-testid="history-no-rows">
              {s.query
                ? `No ${unit} matches “${s.query}”${s.filter === 'all' ? '' : ` among ${rowsWithStatus(s.filter, unit)}`}.`
                : s.filter === 'all'
                  ? `No ${unit}s yet.`
                  : `No ${unit}s are ${statusWords(s.filter)}.`}
            </p>
          ) : (
            <ItemsGrid
              rowCount={s.total}
              getItem={getItem}
              onRangeChange={onRange}
              activeIndex={s.activeIndex}
              onActiveChange={setActiveIndex}
              onOpen={(it) => void openDrawer(it.id)}
              openItemId={s.drawerItemId}
              captureLabels={labels}
              label={`${job.recipe ? 'Items' : 'Rows'} of ${job.fileName}`}
              unit={unit}
              // Re-render when pages arrive (getItem reads the store).
              key={`${job.id} ${s.generation}`}
            />
          )}
          {drawerItem && (
            <AttemptsDrawer
              item={drawerItem}
              attempts={s.attempts}
              error={s.attemptsError}
              onClose={() => void openDrawer(null)}
            />
          )}
        </section>
      )}
    </section>
  );
}
