import { useState } from 'react';
import { confirmationPhrase, isConfirmed } from '../../src-shared/runner/confirmGuard';
import { EmptyState } from '../components/EmptyState';
import { ErrorMessage } from '../components/ErrorMessage';
import { fmtDuration, fmtInt, fmtRate } from '../components/format';
import { ProgressBar } from '../components/ProgressBar';
import { Sparkline } from '../components/Sparkline';
import { ConnectionWarning } from '../components/ConnectionWarning';
import { JobHead } from '../components/JobHead';
import { StopReasonBanner } from '../components/StopReasonBanner';
import { go } from '../stores/appStore';
import { connectionsSelectors, useConnectionsStore } from '../stores/connectionsStore';
import { datasetsSelectors, useDatasetsStore } from '../stores/datasetsStore';
import { loadJobs, openJob } from '../stores/historyStore';
import { currentSpec, mappingSelectors, useMappingStore } from '../stores/mappingStore';
import {
  cancelJob,
  changeRate,
  createAndStart,
  pauseJob,
  resumeJob,
  runSelectors,
  setRunOptions,
  settled,
  useRunStore,
} from '../stores/runStore';

export function RunScreen() {
  const dataset = useDatasetsStore(datasetsSelectors.current);
  const template = useMappingStore(mappingSelectors.template);
  const missing = useMappingStore((s) => mappingSelectors.missingRequired(s).length);
  const check = useMappingStore((s) => s.check);
  const connectionId = useMappingStore((s) => s.connectionId);
  const connection = useConnectionsStore(connectionsSelectors.byId(connectionId));
  const { job, progress, samples, busy, error, options } = useRunStore();
  const active = useRunStore(runSelectors.isActive);
  const [confirmText, setConfirmText] = useState('');
  const [rateDraft, setRateDraft] = useState('');
  const spec = currentSpec();

  // The same phrase main enforces (src-shared/runner/confirmGuard.ts), e.g. "DELETE 250 rows".
  const phrase = template && dataset ? confirmationPhrase(template, dataset.rowCount) : null;
  const confirmed = isConfirmed(phrase, confirmText);
  const canStart =
    !!spec &&
    !!dataset &&
    dataset.state === 'ready' &&
    dataset.rowCount > 0 &&
    missing === 0 &&
    !active &&
    busy === null &&
    confirmed;

  const setup = (
    <section className="card run-setup" aria-labelledby="setup-title">
      <h2 id="setup-title">New run</h2>
      {spec && dataset && template && connection ? (
        <p>
          <strong>{template.name}</strong> for <strong>{fmtInt(dataset.rowCount)}</strong> rows of{' '}
          <strong>{dataset.fileName}</strong> → <strong>{connection.name}</strong>
          {connection.isSandbox && <span className="chip">sandbox</span>}
          {check.checked > 0 && check.errorRows > 0 && (
            <span className="warn-text">
              {' '}
              — {fmtInt(check.errorRows)} row{check.errorRows === 1 ? '' : 's'} with problems will be skipped
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
      <form
        className="run-options"
        onSubmit={(e) => {
          e.preventDefault();
          if (canStart) {
            setConfirmText('');
            void createAndStart(phrase ? confirmText : undefined);
          }
        }}
      >
        <label>
          Requests per second
          <input
            data-testid="rate-input"
            inputMode="decimal"
            placeholder="connection default"
            value={options.ratePerSecond}
            onChange={(e) => setRunOptions({ ratePerSecond: e.target.value })}
          />
        </label>
        <label>
          Parallel requests
          <input
            type="number"
            min={1}
            max={64}
            value={options.concurrency}
            data-testid="concurrency-input"
            onChange={(e) =>
              setRunOptions({ concurrency: Math.max(1, Math.min(64, Number(e.target.value) || 1)) })
            }
          />
        </label>
        <label>
          Attempts per row
          <input
            type="number"
            min={1}
            max={20}
            value={options.maxAttempts}
            onChange={(e) =>
              setRunOptions({ maxAttempts: Math.max(1, Math.min(20, Number(e.target.value) || 1)) })
            }
          />
        </label>
        <label>
          Canary rows
          <input
            data-testid="canary-input"
            inputMode="numeric"
            placeholder={connection?.isSandbox ? '0 (sandbox)' : '5'}
            value={options.canary}
            onChange={(e) => setRunOptions({ canary: e.target.value.replace(/\D/g, '') })}
            aria-describedby="canary-help"
          />
          <span id="canary-help" className="help">
            Send this many rows first, one at a time, then pause so you can look at the answers. 0 turns it off.
          </span>
        </label>
        <label>
          Read back
          <select
            data-testid="read-back-select"
            value={options.readBack}
            onChange={(e) => setRunOptions({ readBack: e.target.value as 'canary' | 'all' | 'off' })}
          >
            <option value="canary">the canary rows</option>
            <option value="all">every row (one more request each)</option>
            <option value="off">no row</option>
          </select>
          <span className="help">Reads each write back from the LMS to check it took; a difference pauses the job.</span>
        </label>
        <label className="inline">
          <input
            type="checkbox"
            checked={options.dryRun}
            onChange={(e) => setRunOptions({ dryRun: e.target.checked })}
            data-testid="dry-run"
          />
          Dry run (build and record every request, send nothing)
        </label>
        {phrase && template && (
          <label className="confirm">
            <span className="warn-text">
              “{template.name}” changes or removes existing records in the LMS. To run it over every row, type{' '}
              <strong>{phrase}</strong> below.
            </span>
            <input
              data-testid="confirm-input"
              value={confirmText}
              onChange={(e) => setConfirmText(e.target.value)}
              autoComplete="off"
              aria-label={`Type ${phrase} to confirm`}
              placeholder={phrase}
            />
          </label>
        )}
        <div className="actions">
          <button type="submit" className="primary" data-testid="start-job-button" disabled={!canStart}>
            {busy === 'creating' ? 'Starting…' : options.dryRun ? 'Start dry run' : 'Start run'}
          </button>
        </div>
      </form>
    </section>
  );

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
      <ErrorMessage error={error} title="The job did not start." testId="run-error" />
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
              <JobHead job={job} titleId="job-title" stateTestId="job-state" />
              {job.stopReason && (job.state === 'paused' || job.state === 'interrupted') && (
                <StopReasonBanner reason={job.stopReason} />
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
                  <dd>{progress?.inFlight ?? job.counts.sending}</dd>
                </div>
                {job.counts.retry_wait > 0 && (
                  <div>
                    <dt>Waiting to retry</dt>
                    <dd>{fmtInt(job.counts.retry_wait)}</dd>
                  </div>
                )}
                {job.counts.skipped > 0 && (
                  <div>
                    <dt>Skipped</dt>
                    <dd>{fmtInt(job.counts.skipped)}</dd>
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
                    {progress ? fmtRate(progress.ratePerSecond) : '—'}
                    <span className="muted small">
                      {' '}
                      (limit{' '}
                      {job.options.ratePerSecond ? fmtRate(job.options.ratePerSecond) : 'connection default'})
                    </span>
                  </dd>
                </div>
                <div>
                  <dt>Time left</dt>
                  <dd data-testid="job-eta">
                    {active && progress?.etaMs != null ? fmtDuration(progress.etaMs) : '—'}
                  </dd>
                </div>
              </dl>
              <Sparkline points={samples} limit={job.options.ratePerSecond ?? null} />
              {(active || job.state === 'interrupted') && (
                <form
                  className="rate-change"
                  onSubmit={(e) => {
                    e.preventDefault();
                    const v = Number.parseFloat(rateDraft);
                    void changeRate(Number.isFinite(v) && v > 0 ? v : null);
                  }}
                >
                  <label className="inline-field">
                    Change rate to
                    <input
                      data-testid="job-rate-input"
                      inputMode="decimal"
                      placeholder="default"
                      value={rateDraft}
                      onChange={(e) => setRateDraft(e.target.value)}
                      aria-describedby="rate-help"
                    />
                    requests/s
                  </label>
                  <button type="submit" data-testid="job-rate-apply">
                    Apply
                  </button>
                  <span id="rate-help" className="muted small">
                    Applies at once; leave empty for the API’s documented limit.
                  </span>
                </form>
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
                      ? `Resume: send the other ${fmtInt(job.counts.pending + job.counts.retry_wait)} rows`
                      : 'Resume'}
                  </button>
                )}
                {(active || job.state === 'interrupted' || job.state === 'ready') && (
                  <button
                    type="button"
                    className="danger"
                    data-testid="cancel-button"
                    onClick={() => void cancelJob()}
                    disabled={busy !== null}
                  >
                    Cancel
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
