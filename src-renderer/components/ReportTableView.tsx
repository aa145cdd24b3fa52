import { useId, useLayoutEffect, useRef, useState } from 'react';
import { formatCell as show } from '../../src-shared/reports/formatCell';
import type { ReportTable } from '../../src-shared/reports/types';

interface Props {
  table: ReportTable;
  testId?: string;
  /** Rows shown; the CSV export always has all of them. */
  limit?: number;
}

/**
 * Whether the element's content is wider than it (it scrolls sideways), followed as the window or the
 * content changes size.
 */
function useScrollsSideways(deps: unknown) {
  const ref = useRef<HTMLDivElement>(null);
  const [wider, setWider] = useState(false);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const check = () => setWider(el.scrollWidth > el.clientWidth + 1);
    check();
    const observer = new ResizeObserver(check);
    observer.observe(el);
    if (el.firstElementChild) observer.observe(el.firstElementChild);
    return () => observer.disconnect();
  }, [deps]);
  return { ref, wider };
}

/**
 * A report table as computed in main: column labels, then the rows, numbers right-aligned. A table wider
 * than the window (Scores per course has 17 columns) says it scrolls sideways, naming its last column,
 * and can be scrolled from the keyboard.
 */
export function ReportTableView({ table, testId, limit = 500 }: Props) {
  const rows = table.rows.slice(0, limit);
  const { ref, wider } = useScrollsSideways(table);
  const noteId = useId();
  const last = table.columns.at(-1)?.label;
  return (
    <>
      {wider && (
        <p className="small muted report-scrolls" id={noteId} data-testid={testId && `${testId}-scrolls`}>
          Wider than the window: scroll the table sideways (or widen the window) for all {table.columns.length}{' '}
          columns{last ? `, the last “${last}”` : ''}.
        </p>
      )}
      <div
        className="table-wrap report-table"
        data-testid={testId}
        ref={ref}
        tabIndex={wider ? 0 : undefined}
        aria-describedby={wider ? noteId : undefined}
      >
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
    </>
  );
}
