import { useMemo } from 'react';
import type { DatasetRow } from '../../src-shared/contract/api';

interface Props {
  columns: readonly string[];
  /** A sample of rows (the first page); statistics say how many they cover. */
  rows: readonly DatasetRow[];
  totalRows: number;
}

type Kind = 'empty' | 'email' | 'integer' | 'number' | 'date' | 'boolean' | 'text';

function kindOf(v: string): Kind {
  const t = v.trim();
  if (t === '') return 'empty';
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(t)) return 'email';
  if (/^-?\d+$/.test(t)) return 'integer';
  if (/^-?\d*\.\d+$/.test(t)) return 'number';
  if (/^(true|false|yes|no|y|n)$/i.test(t)) return 'boolean';
  if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+Z?)?$/.test(t) || /^\d{1,2}\/\d{1,2}\/\d{2,4}$/.test(t)) return 'date';
  return 'text';
}

/** Empty cells, distinct values and the detected kind per column, over a sample of rows. */
export function ColumnStats({ columns, rows, totalRows }: Props) {
  const stats = useMemo(
    () =>
      columns.map((name, i) => {
        const seen = new Set<string>();
        const kinds = new Map<Kind, number>();
        let empty = 0;
        let leadingZero = false;
        for (const r of rows) {
          const v = r.cells[i] ?? '';
          seen.add(v);
          const k = kindOf(v);
          if (k === 'empty') empty++;
          else kinds.set(k, (kinds.get(k) ?? 0) + 1);
          if (/^0\d+$/.test(v.trim())) leadingZero = true;
        }
        const nonEmpty = rows.length - empty;
        const [top] = [...kinds.entries()].sort((a, b) => b[1] - a[1]);
        const kind = !top ? 'empty' : top[1] === nonEmpty ? top[0] : 'mixed';
        return { name, empty, distinct: seen.size, kind, leadingZero };
      }),
    [columns, rows],
  );
  if (rows.length === 0) return null;
  return (
    <details className="column-stats">
      <summary>
        Column statistics{' '}
        <span className="muted">
          ({rows.length < totalRows ? `first ${rows.length} of ${totalRows} rows` : `all ${rows.length} rows`}
          )
        </span>
      </summary>
      <table className="table compact">
        <thead>
          <tr>
            <th scope="col">Column</th>
            <th scope="col">Looks like</th>
            <th scope="col">Empty</th>
            <th scope="col">Distinct</th>
          </tr>
        </thead>
        <tbody>
          {stats.map((s) => (
            <tr key={s.name}>
              <th scope="row">{s.name}</th>
              <td>
                {s.kind}
                {s.leadingZero && (
                  <span className="chip" title="Kept as text, so leading zeros survive">
                    leading zeros kept
                  </span>
                )}
              </td>
              <td className={s.empty ? 'warn-text' : undefined}>{s.empty}</td>
              <td>{s.distinct}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
