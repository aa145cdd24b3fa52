// What undoing a job would do (`jobs.undoPlan`): how many rows are undone and with which call, which
// rows have nothing to undo, and — listed with the reason — the rows that cannot be undone. For a recipe
// job, the same per step, in the order the undo runs them (the last step first).
import type { UndoPlanDto, UndoRowNote, UndoStepPlanDto } from '../../src-shared/contract/api';
import { keyWords } from '../../src-shared/connectors/keyWords';
import { fmtInt } from './format';
import './undoAudit.css';

function RowList({ rows, testId }: { rows: UndoRowNote[]; testId: string }) {
  const steps = rows.some((r) => r.step !== undefined);
  return (
    <table className="table undo-rows" data-testid={testId}>
      <thead>
        <tr>
          <th scope="col" className="num">
            Row
          </th>
          {steps && (
            <th scope="col" className="num">
              Step
            </th>
          )}
          <th scope="col">Acts on</th>
          <th scope="col">Why</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={`${r.rowNumber}-${r.step ?? ''}-${r.key ?? ''}-${r.reason}`} data-testid={`${testId}-row-${r.rowNumber}`}>
            <td className="num">{r.rowNumber}</td>
            {steps && <td className="num">{r.step === undefined ? '' : r.step + 1}</td>}
            <td>
              <code title={r.key ?? undefined}>{r.key ? keyWords(r.key) : '—'}</code>
            </td>
            <td>{r.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A recipe job's steps, in the order the undo runs them: each one's call and counts, or why it is not undone. */
function StepList({ steps }: { steps: UndoStepPlanDto[] }) {
  return (
    <table className="table undo-steps" data-testid="undo-steps">
      <thead>
        <tr>
          <th scope="col">Step</th>
          <th scope="col">Undone with</th>
          <th scope="col" className="num">
            To undo
          </th>
          <th scope="col" className="num">
            Nothing to undo
          </th>
          <th scope="col" className="num">
            Cannot be undone
          </th>
        </tr>
      </thead>
      <tbody>
        {steps.map((st) => (
          <tr key={st.step} data-testid={`undo-step-${st.step + 1}`}>
            <td>
              {st.step + 1}. {st.name}
            </td>
            <td>{st.inverse ? `“${st.inverse.name}”` : <span className="muted">not undone: {st.irreversible}</span>}</td>
            <td className="num">{fmtInt(st.counts.undo)}</td>
            <td className="num">{fmtInt(st.counts.unchanged)}</td>
            <td className={`num${st.counts.cannot ? ' warn-text' : ''}`}>{fmtInt(st.counts.cannot)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function UndoPlanView({ plan }: { plan: UndoPlanDto }) {
  const c = plan.counts;
  const unit = plan.steps ? 'items' : 'rows';
  const more = (shown: number, total: number) =>
    total > shown ? <p className="small muted">…and {fmtInt(total - shown)} more (the CLI's --json lists up to 200).</p> : null;
  return (
    <div className="undo-plan" data-testid="undo-plan">
      <ul className="preflight-counts">
        <li data-testid="undo-count">
          <strong>{fmtInt(c.undo)}</strong> to undo{plan.template ? ` with “${plan.template.name}”` : ''}
        </li>
        <li>
          <strong>{fmtInt(c.unchanged)}</strong> with nothing to undo
        </li>
        <li>
          <strong>{fmtInt(c.notSent)}</strong> never sent or failed
        </li>
        <li className={c.cannot ? 'warn-text' : undefined} data-testid="undo-cannot-count">
          <strong>{fmtInt(c.cannot)}</strong> cannot be undone
        </li>
      </ul>
      {plan.steps && <StepList steps={plan.steps} />}
      {plan.note && <p className="small" data-testid="undo-note">{plan.note}</p>}
      {c.cannot > 0 && (
        <div className="undo-cannot">
          <h4>{plan.steps ? 'Items' : 'Rows'} that cannot be undone</h4>
          <RowList rows={plan.cannot} testId="undo-cannot" />
          {more(plan.cannot.length, c.cannot)}
        </div>
      )}
      {c.warnings > 0 && (
        <details>
          <summary>
            {fmtInt(c.warnings)} caveat{c.warnings === 1 ? '' : 's'} on {unit} that are undone
          </summary>
          <RowList rows={plan.warnings} testId="undo-warnings" />
        </details>
      )}
      {c.unchanged > 0 && (
        <details>
          <summary>{fmtInt(c.unchanged)} with nothing to undo</summary>
          <RowList rows={plan.unchanged} testId="undo-unchanged" />
          {more(plan.unchanged.length, c.unchanged)}
        </details>
      )}
    </div>
  );
}
