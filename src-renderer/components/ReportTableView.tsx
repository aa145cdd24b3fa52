import { formatCell as show } from '../../src-shared/reports/formatCell';
import type { ReportTable } from '../../src-shared/reports/types';

interface Props {
  table: ReportTable;
  testId?: string;
  /** Rows shown; the CSV export always has all of them. */
  limit?: number;
}

/** A report table as computed in main: column labels, then the rows, numbers right-aligned. */
export function ReportTableView({ table, testId, limit = 500 }: Props) {
  const rows = table.rows.slice(0, limit);
  return (
    <div className="table-wrap report-table" data-testid={testId}>
      <table className="table" aria-label={table.title}>
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th
                key={c.key}
                scope="col"
                className={c.type === 'text' || c.type === 'date' ? undefined : 'num'}
              >
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {table.columns.map((c) => (
                <td key={c.key} className={c.type === 'text' || c.type === 'date' ? undefined : 'num'}>
                  {show(r[c.key] ?? null, c.type)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {table.rows.length > rows.length && (
        <p className="small muted">
          Showing {rows.length} of {table.rows.length} rows; the CSV has them all.
        </p>
      )}
      {table.rows.length === 0 && <p className="small muted">No rows.</p>}
    </div>
  );
}
