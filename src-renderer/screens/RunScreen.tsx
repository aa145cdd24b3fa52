import { useEffect, useState } from 'react';
import './run.css';
import type { ConnectionDto, JobSummary } from '../../src-shared/contract/api';
import { estimateRun } from '../../src-shared/runner/estimate';
import { readRateText } from '../../src-shared/runner/rateText';
import { runStatus, sendingMs } from '../../src-shared/runner/runStatus';
import { rateAndLimitText } from '../../src-shared/runner/jobEvents';
import { windowText } from '../../src-shared/runner/throttleDefaults';
import { jobUndoSentence } from '../../src-shared/undo/undoSentence';
import { ConfirmDialog, phraseNeeded, type ConfirmRequest } from '../components/ConfirmDialog';
import { EmptyState } from '../components/EmptyState';
import { ErrorMessage } from '../components/ErrorMessage';
import { fmtDuration, fmtInt, fmtRate, plural } from '../components/format';
import { JobEventsFeed } from '../components/JobEventsFeed';
import { RateChart } from '../components/RateChart';
import { useNow } from '../components/useNow';
import { JobHead } from '../components/JobHead';
import { PreflightSummary } from '../components/PreflightSummary';
import { RunOptionsFields } from './RunOptionsFields';
import { JobRateChange } from './JobRateChange';
import { ProgressBar } from '../components/ProgressBar';
import { ConnectionWarning } from '../components/ConnectionWarning';
import { StopReasonBanner } from '../components/StopReasonBanner';
import { go } from '../stores/appStore';
import { connectionsSelectors, useConnectionsStore } from '../stores/connectionsStore';
import { datasetsSelectors, useDatasetsStore } from '../stores/datasetsStore';
import { loadJobs, openJob } from '../stores/historyStore';
import { currentSpec, mappingSelectors, useMappingStore } from '../stores/mappingStore';
import { loadPreflight, setPreflightChoice, usePreflightStore } from '../stores/preflightStore';
import {
  cancelJob,
  createAndStart,
  loadAnswerTime,
  pauseJob,
  resumeJob,
  runSelectors,
  settled,
  useRunStore,
} from '../stores/runStore';

/** "About 5 min: 500 rows at 1.7/s, Coassemble's 100 requests per rolling minute." */
function EstimateLine(props: {
  rows: number;
  connection: ConnectionDto;
  ratePerSecond: number | null;
  concurrency: number;
  canary: number;
  answerMs: number | null;
  /** The row count is the previous preflight's while a newer check runs: shown dimmed, not as the answer. */
  stale: boolean;
}) {
  const d = props.connection.defaults;
  const e = estimateRun({
    rows: props.rows,
    ratePerSecond: props.ratePerSecond,
    rateLimit: d.rateLimit,
    concurrency: props.concurrency,
    answerMs: props.answerMs,
    canary: props.canary,
  });
  const why =
    e.boundBy === 'rate'
      ? 'the rate you set'
      : e.boundBy === 'window'
        ? `${props.connection.name}'s limit of ${windowText(d.rateLimit!)}`
        : `${plural(props.concurrency, 'request')} in parallel, if each answer takes about ${fmtDuration(e.answerMs)}${e.answerMeasured ? ' (as this connection’s test sends did)' : ' (a guess: test-send a row to measure it)'}`;
  return (
    <p
      className={props.stale ? 'estimate stale' : 'estimate'}
      aria-busy={props.stale}
      data-testid="run-estimate"
    >
      <strong>About {fmtDuration(Math.max(1000, e.durationMs))}</strong>: {plural(props.rows, 'row')} at{' '}
      {fmtRate(e.ratePerSecond)}, set by {why}.
      {props.canary > 0 && props.rows > props.canary
        ? ` It pauses after the first ${plural(props.canary, 'row')} for you to look at them.`
        : ''}
    </p>
  );
}

/**
 * "100 requests per rolling minute (1.7/s) · requests in parallel: automatic, from 2 up to 64", from the
 * connection's documented limits.
 */
function describeDefaults(c: ConnectionDto): string {
  const d = c.defaults;
  const rate = d.rateLimit
    ? `${windowText(d.rateLimit)} (${fmtRate(d.ratePerSecond ?? 0)})`
    : 'no rate limit';
  return `${rate} · requests in parallel: automatic, from ${d.concurrency} up to ${d.concurrencyMax}`;
}

export function RunScreen() {
  const dataset = useDatasetsStore(datasetsSelectors.current);
  const template = useMappingStore(mappingSelectors.template);
  const mapping = useMappingStore((s) => s.mapping);
  const missing = useMappingStore((s) => mappingSelectors.missingRequired(s).length);
  const connectionId = useMappingStore((s) => s.connectionId);
  const connection = useConnectionsStore(connectionsSelectors.byId(connectionId));
  const { job, progress, samples, events, busy, error, errorTitle, options, answerMs, unreachableSince } =
    useRunStore();
  const active = useRunStore(runSelectors.isActive);
  const jobConnection = useConnectionsStore(connectionsSelectors.byId(job?.connectionId ?? null));
  const now = useNow(job?.state === 'running' ? 1000 : null);
  const plan = usePreflightStore();
  const rate = readRateText(options.ratePerSecond);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const spec = currentSpec();
  const ready = !!spec && !!dataset && dataset.state === 'ready';

  useEffect(() => {
    if (ready) void loadPreflight();
  }, [ready, mapping, connectionId, template, dataset]);
  useEffect(() => {
    if (connectionId) void loadAnswerTime(connectionId);
  }, [connectionId]);
  // A job that stopped changed what "already sent" means for the next run: ask again.
  const jobState = job?.state;
  useEffect(() => {
    if (ready && jobState && jobState !== 'running') void loadPreflight(true);
  }, [ready, jobState]);

  // A resume that needs the destructive phrase again (the rest of a cancelled job): ask, then resume.
  const needed = phraseNeeded(error);
  useEffect(() => {
    if (!needed || !job) return;
    setConfirm({
      title: `Send the rest of “${job.templateName}”?`,
      body: (
        <p>
          The rows this job never sent would go to {job.connectionName} now.{' '}
          {jobUndoSentence(job.templateId, job.options.undo === false).text}
        </p>
      ),
      confirmLabel: 'Send the remaining rows',
      phrase: needed,
      prefill: connection?.isSandbox ?? false,
      onConfirm: (typed) => void resumeJob(typed),
    });
  }, [needed, job, connection]);

  const result = plan.result;
  const wouldSend = result?.counts.wouldSend ?? 0;
  const canStart =
    ready &&
    missing === 0 &&
    !template?.planOnly &&
    !active &&
    busy === null &&
    rate.ok &&
    !!result &&
    !plan.loading &&
    (wouldSend > 0 || options.dryRun);

  const start = () => {
    if (!canStart || !connection || !template || !result) return;
    const phrase = options.dryRun ? null : result.confirmation;
    if (!phrase) return void createAndStart(plan.choices);
    setConfirm({
      title: `${template.name} on ${connection.name}`,
      body: (
        <>
          <p>
            This changes or removes data in <strong>{connection.name}</strong>
            {connection.isSandbox ? ' (a sandbox)' : ''} for{' '}
            <strong>{plural(wouldSend, 'row', 'rows')}</strong> of {dataset?.fileName}.
          </p>
          {result.widerEffects.map((w) => (
            <p key={w} className="error-text" data-testid="confirm-wider">
              <strong>{w}</strong>
            </p>
          ))}
          <p data-testid="confirm-undo">{jobUndoSentence(template.id).text}</p>
          <p className="muted small">{template.description}</p>
        </>
      ),
      confirmLabel: `Run on ${plural(wouldSend, 'row', 'rows')}`,
      phrase,
      prefill: connection.isSandbox,
      onConfirm: (typed) => void createAndStart(plan.choices, typed),
    });
  };

  const askCancel = (j: JobSummary) => {
    const left = j.counts.pending + j.counts.retry_wait;
    setConfirm({
      title: 'Cancel this job?',
      body: (
        <p>
          Requests in flight finish and are recorded. <strong>{plural(left, 'row', 'rows')}</strong> not sent
          yet stay unsent; you can send them later with “Send the remaining rows”.
        </p>
      ),
      confirmLabel: 'Cancel the job',
      cancelLabel: 'Keep it running',
      phrase: null,
      onConfirm: () => void cancelJob(),
    });
  };

  const setup = (
    <section className="card run-setup" aria-labelledby="setup-title">
      <h2 id="setup-title">New run</h2>
      {spec && dataset && template && connection ? (
        <p>
          <strong>{template.name}</strong> for <strong>{fmtInt(dataset.rowCount)}</strong> rows of{' '}
          <strong>{dataset.fileName}</strong> → <strong>{connection.name}</strong>
          {connection.isSandbox && <span className="chip">sandbox</span>}
          {template.danger === 'destructive' && (
            <span className="chip chip-error" title="Removes or overwrites data: you will be asked to confirm">
              destructive
            </span>
          )}
        </p>
      ) : (
        <p className="warn-text">
          {!dataset ? 'Import a spreadsheet' : 'Choose a connection and an action on the Map step'} before
          running.
        </p>
      )}
      {connection && <ConnectionWarning connection={connection} onOpenConnections={() => go('connections')} />}
      {missing > 0 && <p className="field-error">Map the required fields first ({missing} missing).</p>}
      {template?.planOnly && (
        <p className="warn-text" data-testid="plan-first">
          “{template.name}” looks each row up before it sends: make a plan, and send it from there.{' '}
          <button type="button" className="link" onClick={() => go('plan')}>
            Go to Plan
          </button>
        </p>
      )}
      {ready && (
        <PreflightSummary
          result={result}
          loading={plan.loading}
          choices={plan.choices}
          onChoice={setPreflightChoice}
          title="Before sending"
        />
      )}
      <ErrorMessage error={plan.error} title="Could not check the rows." />
      <form
        className="run-options"
        onSubmit={(e) => {
          e.preventDefault();
          start();
        }}
      >
        {connection && (
          <p className="muted small defaults-line" data-testid="connection-defaults">
            {connection.name} by default: <strong>{describeDefaults(connection)}</strong> — {connection.defaults.source}.
          </p>
        )}
        <RunOptionsFields options={options} connection={connection} />
        {connection && result && wouldSend > 0 && !options.dryRun && rate.ok && (
          <EstimateLine
            rows={wouldSend}
            connection={connection}
            ratePerSecond={rate.value}
            concurrency={options.concurrency ?? connection.defaults.concurrency}
            canary={/^\d+$/.test(options.canary.trim()) ? Number(options.canary.trim()) : connection.isSandbox ? 0 : 5}
            answerMs={answerMs}
            stale={plan.loading}
          />
        )}
        <div className="actions">
          <button
            type="submit"
            className="primary"
            data-testid="start-job-button"
            disabled={!canStart}
            aria-describedby={active && job ? 'start-blocked' : undefined}
          >
            {busy === 'creating'
              ? 'Starting…'
              : plan.loading && result
                ? 'Checking the rows…' // the last answer's count is stale; Send waits for the new one
                : options.dryRun
                  ? 'Start dry run'
                  : result && wouldSend === 0
                    ? 'Nothing to send'
                    : `Send ${plural(wouldSend, 'row', 'rows')}`}
          </button>
          {/* The one reason Send is greyed that nothing else on the form says. */}
          {active && job && (
            <span id="start-blocked" className="muted small" data-testid="start-blocked">
              {job.state === 'paused'
                ? 'The job above is paused: resume it, or cancel it, before starting another run.'
                : 'The job above is running: let it finish, or cancel it, before starting another run.'}
            </span>
          )}
        </div>
      </form>
    </section>
  );

  const remaining = job ? job.counts.pending + job.counts.retry_wait : 0;
  const lastThrottle = [...events].reverse().find((e) => e.kind === 'throttled') ?? null;
  const status = job
    ? runStatus(
        {
          state: job.state,
          counts: job.counts,
          inFlight: progress?.inFlight ?? job.counts.sending,
          ratePerSecond: progress?.ratePerSecond ?? 0,
          waitingUntil: progress?.waitingUntil ?? null,
          loweredRate: progress?.loweredRate ?? null,
          limitRate: progress?.limitRate ?? job.options.ratePerSecond ?? jobConnection?.defaults.ratePerSecond ?? null,
          stopReason: job.stopReason,
          lastThrottle,
          unreachableSince,
          runMs: job.runMs,
        },
        now,
      )
    : null;
  // The job's ceiling: as the runner last said, else its own rate, else its connection's default pace.
  const limitRate =
    progress?.limitRate ?? job?.options.ratePerSecond ?? jobConnection?.defaults.ratePerSecond ?? null;
  const elapsed = job ? sendingMs(job, now, unreachableSince) : 0;
  return (
    <section className="screen" aria-labelledby="run-title">
      <header className="screen-header">
        <div>
          <h1 id="run-title">4. Run</h1>
          <p className="lede">
            Every request and response is saved as it happens, so you can pause, close the app and resume
            later.
          </p>
        </div>
      </header>
      <ErrorMessage
        error={needed ? null : error}
        title={errorTitle || 'Something went wrong.'}
        testId="run-error"
      />
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
      {!dataset && !job ? (
        <EmptyState
          title="Nothing to run yet"
          action={{ label: 'Go to Import', onClick: () => go('import') }}
        >
          Import a spreadsheet, map it and preview it; then start the run here.
        </EmptyState>
      ) : (
        <>
          {job && (
            <section
              className="card job-live"
              aria-labelledby="job-title"
              data-testid="job-panel"
              data-job-id={job.id}
            >
              <JobHead
                job={job}
                titleId="job-title"
                stateTestId="job-state"
                shownState={status?.kind === 'disconnected' ? 'disconnected' : undefined}
              />
              <StopReasonBanner job={job} />
              {status && (
                <p
                  className={`run-status run-status-${status.kind}`}
                  data-testid="job-status-line"
                  data-kind={status.kind}
                  role="status"
                >
                  {status.text}
                </p>
              )}
              <ProgressBar counts={job.counts} inFlight={progress?.inFlight ?? job.counts.sending} />
              <dl className="stats">
                <div>
                  <dt>Done</dt>
                  <dd>
                    <span data-testid="job-progress">
                      {settled(job.counts)} / {job.counts.total}
                    </span>
                  </dd>
                </div>
                <div>
                  <dt>Succeeded</dt>
                  <dd className="ok-text" data-testid="job-succeeded">
                    {fmtInt(job.counts.succeeded)}
                  </dd>
                </div>
                <div>
                  <dt>Failed</dt>
                  <dd className={job.counts.failed ? 'error-text' : undefined} data-testid="job-failed">
                    {fmtInt(job.counts.failed)}
                  </dd>
                </div>
                <div>
                  <dt>In flight</dt>
                  <dd>
                    {progress?.inFlight ?? job.counts.sending}
                    {job.state === 'running' && progress?.concurrency && (
                      <span className="muted small" data-testid="job-concurrency">
                        {' '}
                        of {progress.concurrency.limit} ({progress.concurrency.mode === 'auto' ? 'auto' : 'pinned'})
                      </span>
                    )}
                  </dd>
                </div>
                {(job.counts.blocked ?? 0) > 0 && (
                  <div>
                    <dt>Blocked</dt>
                    <dd
                      className="warn-text"
                      title="Recipe items not sent because an earlier step of their row failed"
                      data-testid="job-blocked"
                    >
                      {fmtInt(job.counts.blocked)}
                    </dd>
                  </div>
                )}
                {job.counts.retry_wait > 0 && (
                  <div>
                    <dt>Waiting to retry</dt>
                    <dd>{fmtInt(job.counts.retry_wait)}</dd>
                  </div>
                )}
                {job.counts.skipped > 0 && (
                  <div>
                    <dt>Skipped</dt>
                    <dd title="Duplicates, rows already sent, invalid rows" data-testid="job-skipped">
                      {fmtInt(job.counts.skipped)}
                    </dd>
                  </div>
                )}
                {job.counts.in_doubt > 0 && (
                  <div>
                    <dt>In doubt</dt>
                    <dd className="warn-text">{fmtInt(job.counts.in_doubt)}</dd>
                  </div>
                )}
                <div>
                  <dt>Rate</dt>
                  <dd data-testid="job-rate">
                    {/* The rate and its limit in one unit, as the status line says them. */}
                    {status?.live && progress
                      ? limitRate
                        ? rateAndLimitText(progress.ratePerSecond, limitRate)[0]
                        : fmtRate(progress.ratePerSecond)
                      : '—'}
                    <span className="muted small">
                      {' '}
                      (
                      {limitRate
                        ? `limit ${status?.live && progress ? rateAndLimitText(progress.ratePerSecond, limitRate)[1] : fmtRate(limitRate)}`
                        : 'no limit'}
                      )
                    </span>
                  </dd>
                </div>
                <div>
                  <dt>Time left</dt>
                  <dd data-testid="job-eta" title={status && !status.live ? status.text : undefined}>
                    {job.state === 'running' && status?.kind !== 'disconnected' && progress?.etaMs != null
                      ? fmtDuration(progress.etaMs)
                      : '—'}
                  </dd>
                </div>
                <div>
                  <dt>Sending for</dt>
                  <dd data-testid="job-elapsed">{job.startedAt ? fmtDuration(elapsed) : '—'}</dd>
                </div>
              </dl>
              {job.state === 'running' && progress?.concurrency && (
                <p className="muted small" data-testid="job-concurrency-reason">
                  Parallel requests {progress.concurrency.mode === 'auto' ? '(automatic)' : '(pinned)'}:{' '}
                  {progress.concurrency.reason}
                </p>
              )}
              <RateChart points={samples} state={job.state} />
              <JobEventsFeed events={events} />
              {(active || job.state === 'interrupted') && (
                <JobRateChange connection={jobConnection} />
              )}
              <div className="actions">
                {job.state === 'running' && (
                  <button
                    type="button"
                    data-testid="pause-button"
                    onClick={() => void pauseJob()}
                    disabled={busy !== null}
                  >
                    Pause
                  </button>
                )}
                {(job.state === 'paused' || job.state === 'interrupted') && (
                  <button
                    type="button"
                    className="primary"
                    data-testid="resume-button"
                    onClick={() => void resumeJob()}
                    disabled={busy !== null}
                  >
                    {job.stopReason?.kind === 'canary'
                      ? `Resume: send the other ${plural(job.counts.pending + job.counts.retry_wait, 'row')}`
                      : 'Resume'}
                  </button>
                )}
                {job.state === 'cancelled' && remaining > 0 && (
                  <button
                    type="button"
                    className="primary"
                    data-testid="send-remaining-button"
                    onClick={() => void resumeJob()}
                    disabled={busy !== null}
                  >
                    Send the remaining {plural(remaining, 'row', 'rows')}
                  </button>
                )}
                {(active || job.state === 'interrupted' || job.state === 'ready') && (
                  <button
                    type="button"
                    className="danger"
                    data-testid="cancel-button"
                    onClick={() => askCancel(job)}
                    disabled={busy !== null}
                  >
                    Cancel…
                  </button>
                )}
                <button
                  type="button"
                  data-testid="open-in-history"
                  onClick={() => {
                    void loadJobs();
                    openJob(job.id);
                    go('history');
                  }}
                >
                  See every row in History
                </button>
              </div>
            </section>
          )}
          {setup}
        </>
      )}
    </section>
  );
}
