// "What would happen": the preflight's counts and lists — rows that repeat an earlier row's key (with
// both row numbers), rows already sent (by which job, when), invalid rows — and, on Run, the admin's
// choice to send them anyway. The same answer as `bulk-desk run --dry-run`.
import type { ReactNode } from 'react';
import type { PreflightDto } from '../../src-shared/contract/api';
import { uncheckedSentence } from '../../src-shared/safety/uncheckedSends';
import { fmtInt, fmtTime } from './format';
import './safety.css';

const plural = (n: number, one: string, many: string) => `${fmtInt(n)} ${n === 1 ? one : many}`;

/** A count's or notice's emphasis: none while a newer check runs, so an old answer never alarms (or reassures). */
const tone = (stale: boolean, emphasis: 'warn-text' | 'error-text', when: boolean) =>
  !stale && when ? emphasis : 'muted';

/** One of the admin's two opt-outs (send repeats, send again what was sent). */
function Choice(p: { testId: string; checked: boolean; onChange: (v: boolean) => void; children: ReactNode }) {
  return (
    <label className="choice">
      <input
        type="checkbox"
        data-testid={p.testId}
        checked={p.checked}
        onChange={(e) => p.onChange(e.target.checked)}
      />
      {p.children}
    </label>
  );
}

export function PreflightSummary({
  result,
  loading,
  choices,
  onChoice,
  title = 'What a run would do',
}: {
  result: PreflightDto | null;
  loading: boolean;
  /** Run only: the admin's choices, with checkboxes. */
  choices?: { allowDuplicates: boolean; resend: boolean };
  onChoice?: (patch: { allowDuplicates?: boolean; resend?: boolean }) => void;
  title?: string;
}) {
  if (!result) return loading ? <p className="muted">Checking every row…</p> : null;
  const c = result.counts;
  // A newer check is running: the counts below are the previous answer's, kept in place (no jump) but
  // dimmed and without red or amber, and Run's Send waits for the new answer.
  const stale = loading;
  return (
    <section
      className={stale ? 'preflight stale' : 'preflight'}
      aria-label={title}
      aria-busy={stale}
      data-testid="preflight"
    >
      <h3>
        {title} {loading && <span className="muted small">(checking…)</span>}
      </h3>
      <ul className="preflight-counts" data-testid="preflight-counts">
        <li>
          <strong data-testid="preflight-send">{fmtInt(c.wouldSend)}</strong> would be sent
        </li>
        <li className={tone(stale, 'warn-text', c.duplicate > 0)}>
          <strong data-testid="preflight-duplicate">{fmtInt(c.duplicate)}</strong> duplicate
          {c.duplicate === 1 ? '' : 's'} skipped
        </li>
        <li className={tone(stale, 'warn-text', c.alreadySent > 0)}>
          <strong data-testid="preflight-already-sent">{fmtInt(c.alreadySent)}</strong> already sent, skipped
        </li>
        <li className={tone(stale, 'error-text', c.invalid > 0)}>
          <strong data-testid="preflight-invalid">{fmtInt(c.invalid)}</strong> invalid
        </li>
        {c.warnings > 0 && <li className="muted">{plural(c.warnings, 'row', 'rows')} with warnings</li>}
      </ul>

      {result.duplicates.length > 0 && (
        <details open data-testid="preflight-duplicates">
          <summary>
            {plural(c.duplicate, 'row repeats', 'rows repeat')} an earlier row's key; only the first is sent
          </summary>
          <ul>
            {result.duplicates.slice(0, 8).map((d) => (
              <li key={d.rowNumber}>
                Row {d.rowNumber} repeats row {d.firstRow} <code>{d.key}</code>
              </li>
            ))}
            {c.duplicate > 8 && <li className="muted">… and {fmtInt(c.duplicate - 8)} more</li>}
          </ul>
        </details>
      )}
      {choices && onChoice && (c.duplicate > 0 || choices.allowDuplicates) && (
        <Choice
          testId="allow-duplicates"
          checked={choices.allowDuplicates}
          onChange={(allowDuplicates) => onChoice({ allowDuplicates })}
        >
          Send the repeated rows too (each repeat acts on the same record again)
        </Choice>
      )}

      {result.alreadySent.length > 0 && (
        <div data-testid="preflight-already-sent-list">
          <p className={tone(stale, 'warn-text', true)}>
            {plural(c.alreadySent, 'row was', 'rows were')} already sent to {result.connection.name} with this
            action:
          </p>
          <ul>
            {result.alreadySent.slice(0, 5).map((g) => (
              <li key={`${g.jobId ?? (g.answerLost ? 'test-lost' : 'test')}${g.reached ? '-reached' : ''}`}>
                {plural(g.rows, 'row', 'rows')} on {fmtTime(g.at)},{' '}
                {g.jobId ? (
                  <>
                    job <code>{g.jobId.slice(0, 8)}</code>
                    {g.fileName ? ` (${g.fileName})` : ''}
                    {g.reached ? (
                      <span data-testid="preflight-reached-in-doubt">
                        {`: in doubt there, but the LMS answered ${g.rows === 1 ? 'it' : 'them'} HTTP ${g.reached}, so ${g.rows === 1 ? 'it' : 'they'} reached the LMS`}
                      </span>
                    ) : null}
                  </>
                ) : g.reached ? (
                  <span data-testid="preflight-test-send-reached">
                    {`as ${g.rows === 1 ? 'a test send' : 'test sends'} the LMS answered HTTP ${g.reached}, the answer cut off after the status: ${g.rows === 1 ? 'it' : 'they'} reached the LMS`}
                  </span>
                ) : g.answerLost ? (
                  <span data-testid="preflight-test-send-lost">
                    {g.rows === 1
                      ? 'as a test send whose answer was lost: it may or may not have reached the LMS (send it again if it did not)'
                      : 'as test sends whose answer was lost: they may or may not have reached the LMS (send them again if they did not)'}
                  </span>
                ) : (
                  'as test sends'
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      {result.uncheckedEarlier > 0 && (
        <p className={tone(stale, 'warn-text', true)} data-testid="preflight-unchecked-earlier">
          {uncheckedSentence(result.uncheckedEarlier)}
        </p>
      )}
      {choices && onChoice && (c.alreadySent > 0 || choices.resend) && (
        <Choice testId="resend" checked={choices.resend} onChange={(resend) => onChoice({ resend })}>
          Send the rows that were already sent again
        </Choice>
      )}

      {result.invalid.length > 0 && (
        <details data-testid="preflight-invalid-list">
          <summary>{plural(c.invalid, 'row is', 'rows are')} invalid and will be skipped</summary>
          <ul>
            {result.invalid.slice(0, 8).map((r) => (
              <li key={r.rowNumber}>{r.message}</li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
