// What undoing a job would do (`jobs.undoPlan`): how many rows are undone and with which call, which
// rows have nothing to undo, and — listed with the reason — the rows that cannot be undone.
import type { UndoPlanDto, UndoRowNote } from '../../src-shared/contract/api';
import { fmtInt } from './format';
import './undoAudit.css';

function RowList({ rows, testId }: { rows: UndoRowNote[]; testId: string }) {
  return (
    <table className="table undo-rows" data-testid={testId}>
      <thead>
        <tr>
          <th scope="col" className="num">
            Row
          </th>
          <th scope="col">Acts on</th>
          <th scope="col">Why</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={`${r.rowNumber}-${r.reason}`} data-testid={`${testId}-row-${r.rowNumber}`}>
            <td className="num">{r.rowNumber}</td>
            <td>
              <code>{r.key ?? '—'}</code>
            </td>
            <td>{r.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function UndoPlanView({ plan }: { plan: UndoPlanDto }) {
  const c = plan.counts;
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
      {plan.note && <p className="small" data-testid="undo-note">{plan.note}</p>}
      {c.cannot > 0 && (
        <div className="undo-cannot">
          <h4>Rows that cannot be undone</h4>
          <RowList rows={plan.cannot} testId="undo-cannot" />
          {more(plan.cannot.length, c.cannot)}
        </div>
      )}
      {c.warnings > 0 && (
        <details>
          <summary>
            {fmtInt(c.warnings)} caveat{c.warnings === 1 ? '' : 's'} on rows that are undone
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
