// What undoing a job would do (`jobs.undoPlan`): how many rows are undone and with which call, which
// rows have nothing to undo, and — listed with the reason — the rows that cannot be undone. For a recipe
// job, the same per step, in the order the undo runs them (the last step first).
import type { UndoPlanDto, UndoRowNote, UndoStepPlanDto } from '../../src-shared/contract/api';
import { keyWords } from '../../src-shared/connectors/keyWords';
import { groupUndoNotes, undoGroupRows } from '../../src-shared/undo/undoNoteGroups';
import { fmtInt, plural } from './format';
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

/**
 * The listed rows, one line per distinct reason with its rows and count — a create-only job of 200 rows
 * listed the same "no member delete" 200 times — and each row's own line one click away. Rows whose
 * reasons all differ are the table alone: a summary would repeat it.
 */
function GroupedRows({ rows, testId, unit }: { rows: UndoRowNote[]; testId: string; unit: string }) {
  const groups = groupUndoNotes(rows);
  if (groups.length === rows.length) return <RowList rows={rows} testId={testId} />;
  return (
    <>
      <ul className="undo-reasons" data-testid={`${testId}-reasons`}>
        {groups.map((g) => (
          <li key={`${g.step ?? ''}-${g.reason}`} data-testid={`${testId}-reason`}>
            {undoGroupRows(g)}
            {g.step !== undefined ? `, step ${g.step + 1}` : ''} (<strong>{plural(g.notes.length, unit)}</strong>): {g.reason}
          </li>
        ))}
      </ul>
      <details className="undo-each-row">
        <summary>Each {unit} ({fmtInt(rows.length)})</summary>
        <RowList rows={rows} testId={testId} />
      </details>
    </>
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
  const one = plan.steps ? 'item' : 'row';
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
          <GroupedRows rows={plan.cannot} testId="undo-cannot" unit={one} />
          {more(plan.cannot.length, c.cannot)}
        </div>
      )}
      {c.warnings > 0 && (
        <details>
          <summary>
            {fmtInt(c.warnings)} caveat{c.warnings === 1 ? '' : 's'} on {unit} that are undone
          </summary>
          <GroupedRows rows={plan.warnings} testId="undo-warnings" unit={one} />
        </details>
      )}
      {c.unchanged > 0 && (
        <details>
          <summary>{fmtInt(c.unchanged)} with nothing to undo</summary>
          <GroupedRows rows={plan.unchanged} testId="undo-unchanged" unit={one} />
          {more(plan.unchanged.length, c.unchanged)}
        </details>
      )}
    </div>
  );
}
