// The shown job's "Change rate to" field (running, paused or interrupted). A rate above the connection's
// documented window is applied as typed, but the runner keeps to the window (throttleSettings): the field
// says so beside it, by the same sentence the Run form's rate field says it (rateAboveLimitText).
import { useState } from 'react';
import type { ConnectionDto } from '../../src-shared/contract/api';
import { rateAboveLimitText } from '../../src-shared/runner/rateAboveLimit';
import { readRateText } from '../../src-shared/runner/rateText';
import { changeRate } from '../stores/runStore';

export function JobRateChange({ connection }: { connection: ConnectionDto | null }) {
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const typed = readRateText(draft);
  const capped =
    typed.ok && connection
      ? rateAboveLimitText(typed.value, connection.defaults.rateLimit, connection.name)
      : null;
  // The error (after Apply) and the note each join the field's description when shown.
  const describedBy = [
    error ? 'job-rate-error' : null,
    'rate-help',
    capped && !error ? 'job-rate-limit-note' : null,
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <form
      className="rate-change"
      onSubmit={(e) => {
        e.preventDefault();
        setError(typed.ok ? null : typed.message);
        if (typed.ok) void changeRate(typed.value);
      }}
    >
      <label className="inline-field">
        Change rate to
        <input
          data-testid="job-rate-input"
          inputMode="decimal"
          placeholder="default"
          value={draft}
          onChange={(e) => {
            setDraft(e.target.value);
            setError(null);
          }}
          aria-invalid={error !== null}
          aria-describedby={describedBy}
        />
        requests/s
      </label>
      <button type="submit" data-testid="job-rate-apply">
        Apply
      </button>
      <span id="rate-help" className="muted small">
        Applies at once; leave empty for the API’s documented limit.
      </span>
      {error && (
        <span id="job-rate-error" className="field-error small" role="alert" data-testid="job-rate-error">
          {error} Nothing was changed.
        </span>
      )}
      {capped && !error && (
        <span
          id="job-rate-limit-note"
          className="warn-text small"
          role="status"
          data-testid="job-rate-limit-note"
        >
          {capped}
        </span>
      )}
    </form>
  );
}
