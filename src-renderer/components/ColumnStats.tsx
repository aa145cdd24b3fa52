import type { ColumnStatsDto } from '../../src-shared/contract/api';
import { fmtInt } from './format';
import { columnNameShown } from './columnNameShown';

interface Props {
  /** Statistics over every row, computed in main; null while they are computed. */
  stats: ColumnStatsDto | null;
  loading: boolean;
}

/** Empty cells, distinct values and the detected kind per column, over the whole file. */
export function ColumnStats({ stats, loading }: Props) {
  return (
    <details className="column-stats" data-testid="column-stats">
      <summary>
        Column statistics{' '}
        <span className="muted">
          {stats
            ? `(${stats.rowCount === 1 ? 'the one row' : `all ${fmtInt(stats.rowCount)} rows`}, ${stats.durationMs < 1000 ? `${stats.durationMs} ms` : `${(stats.durationMs / 1000).toFixed(1)} s`})`
            : loading
              ? '(counting every row…)'
              : ''}
        </span>
      </summary>
      {stats && (
        <table className="table compact">
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">Looks like</th>
              <th scope="col" className="num">
                Empty
              </th>
              <th scope="col" className="num">
                Distinct
              </th>
            </tr>
          </thead>
          <tbody>
            {stats.columns.map((s) => (
              <tr key={s.column} data-testid={`column-stat-${s.column}`}>
                <th scope="row">{columnNameShown(s.column)}</th>
                <td>
                  {s.kind === 'mixed'
                    ? `mixed (${Object.entries(s.kinds)
                        .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
                        .map(([k, n]) => `${fmtInt(n ?? 0)} ${k}`)
                        .join(', ')})`
                    : s.kind}
                  {s.leadingZeros > 0 && (
                    <span className="chip" title="Kept as text, so leading zeros survive">
                      leading zeros kept
                    </span>
                  )}
                </td>
                <td className={`num${s.empty ? ' warn-text' : ''}`}>{fmtInt(s.empty)}</td>
                <td className="num">
                  {fmtInt(s.distinct)}
                  {s.distinctCapped ? '+' : ''}
                  {s.distinct === stats.rowCount && stats.rowCount > 1 && (
                    <span className="muted small"> (all unique)</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </details>
  );
}
