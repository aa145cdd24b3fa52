// A recipe's steps, one row each, with a count per column: what each step would do before a run
// (Recipes) and what each step did (History). The columns differ; the table, its numbering and the
// colouring of counts that need a look are the same.
import type { ReactNode } from 'react';
import { fmtInt } from './format';

export interface StepCountColumn<S> {
  title: string;
  count: (step: S) => number;
  /** How a count reads: 'error' / 'warn' colour it when it is not 0; 'ok' always. */
  tone?: 'ok' | 'warn' | 'error';
}

export function StepCountsTable<S extends { id: string; name: string }>({
  label,
  steps,
  columns,
  detail,
  className,
  testId,
  rowTestId,
}: {
  /** The table's accessible name. */
  label: string;
  steps: readonly S[];
  columns: readonly StepCountColumn<S>[];
  /** Shown after the step's name (its template, a warning chip). */
  detail?: (step: S) => ReactNode;
  className?: string;
  testId?: string;
  rowTestId?: (step: S) => string;
}) {
  const toneClass = (c: StepCountColumn<S>, n: number) =>
    c.tone === 'ok' ? ' ok-text' : c.tone && n ? ` ${c.tone}-text` : '';
  return (
    <div className="table-wrap">
      <table className={`table${className ? ` ${className}` : ''}`} aria-label={label} data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">Step</th>
            {columns.map((c) => (
              <th key={c.title} scope="col" className="num">
                {c.title}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {steps.map((st, i) => (
            <tr key={st.id} data-testid={rowTestId?.(st)}>
              <td>
                {i + 1}. {st.name}
                {detail && <> {detail(st)}</>}
              </td>
              {columns.map((c) => {
                const n = c.count(st);
                return (
                  <td key={c.title} className={`num${toneClass(c, n)}`}>
                    {fmtInt(n)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
