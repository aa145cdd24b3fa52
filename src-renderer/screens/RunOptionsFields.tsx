// The Run form's options: pace (requests per second, requests in parallel), attempts, the canary, read-back,
// the failure breaker and the dry run. Each change goes straight to the run store's form
// (stores/runStore.ts), which the Run screen sends with the job.
import type { ConnectionDto } from '../../src-shared/contract/api';
import { rateAboveLimitText } from '../../src-shared/runner/rateAboveLimit';
import { readRateText } from '../../src-shared/runner/rateText';
import { WholeNumberInput } from '../components/WholeNumberInput';
import { setRunOptions, type RunOptionsForm } from '../stores/runStore';

export function RunOptionsFields({
  options,
  connection,
}: {
  options: RunOptionsForm;
  connection: ConnectionDto | null;
}) {
  const rate = readRateText(options.ratePerSecond);
  // A rate above the API's window is kept as typed, but the job keeps to the window: said beside the field.
  const capped =
    rate.ok && connection ? rateAboveLimitText(rate.value, connection.defaults.rateLimit, connection.name) : null;
  return (
    <>
      <label>
        Requests per second
        <input
          data-testid="rate-input"
          aria-invalid={!rate.ok}
          aria-describedby={rate.ok ? (capped ? 'rate-limit-note' : undefined) : 'rate-error'}
          inputMode="decimal"
          placeholder={
            connection?.defaults.ratePerSecond
              ? `${connection.defaults.ratePerSecond.toFixed(2)} (default)`
              : 'no limit (default)'
          }
          value={options.ratePerSecond}
          onChange={(e) => setRunOptions({ ratePerSecond: e.target.value })}
        />
        {!rate.ok && (
          <span id="rate-error" className="field-error small" data-testid="rate-error">
            {rate.message}
          </span>
        )}
        {capped && (
          <span id="rate-limit-note" className="warn-text small" role="status" data-testid="rate-limit-note">
            {capped}
          </span>
        )}
      </label>
      <label>
        Parallel requests
        <WholeNumberInput
          min={1}
          max={64}
          allowEmpty
          placeholder="automatic"
          value={options.concurrency}
          data-testid="concurrency-input"
          onValue={(concurrency) => setRunOptions({ concurrency })}
          aria-describedby="concurrency-help"
        />
        <span id="concurrency-help" className="help">
          Empty: automatic, following how fast the LMS answers. A number pins it.
        </span>
      </label>
      <label>
        Attempts per row
        <WholeNumberInput
          min={1}
          max={20}
          data-testid="attempts-input"
          value={options.maxAttempts}
          onValue={(v) => v !== null && setRunOptions({ maxAttempts: v })}
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
        <span className="help">
          Reads each write back from the LMS to check it took; a difference pauses the job.
        </span>
      </label>
      <fieldset className="breaker-options">
        <legend>Pause when rows keep failing</legend>
        <label className="inline">
          <input
            type="checkbox"
            data-testid="breaker-on"
            checked={!options.breaker.off}
            onChange={(e) => setRunOptions({ breaker: { ...options.breaker, off: !e.target.checked } })}
          />
          when more than
        </label>
        <WholeNumberInput
          min={1}
          max={options.breaker.window}
          aria-label="Failed rows that pause the job"
          data-testid="breaker-failures"
          disabled={options.breaker.off}
          value={options.breaker.failures}
          onValue={(failures) => failures !== null && setRunOptions({ breaker: { ...options.breaker, failures } })}
        />{' '}
        of the last{' '}
        <WholeNumberInput
          min={1}
          max={10_000}
          aria-label="Rows the failure count looks at"
          disabled={options.breaker.off}
          value={options.breaker.window}
          onValue={(window) =>
            window !== null &&
            setRunOptions({
              breaker: { ...options.breaker, window, failures: Math.min(options.breaker.failures, window) },
            })
          }
        />{' '}
        rows fail. <span className="muted small">Three refusals of the key in a row always pause.</span>
      </fieldset>
      <label className="inline">
        <input
          type="checkbox"
          checked={options.dryRun}
          onChange={(e) => setRunOptions({ dryRun: e.target.checked })}
          data-testid="dry-run"
        />
        Dry run (build and record every request, send nothing)
      </label>
    </>
  );
}
