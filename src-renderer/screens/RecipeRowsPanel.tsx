// History, for a recipe job: its steps with their counts, then each row with its steps as a timeline
// (../components/RecipeTimeline.tsx). Clicking an item opens its attempts below, as for any row.
import { useEffect } from 'react';
import type { JobSummary } from '../../src-shared/contract/api';
import { ErrorMessage } from '../components/ErrorMessage';
import { fmtDuration, fmtInt, fmtTime } from '../components/format';
import { RecipeTimeline } from '../components/RecipeTimeline';
import { StepCountsTable } from '../components/StepCountsTable';
import { HeadersTable, SentBodies } from '../components/RequestView';
import { HttpStatus } from '../components/StatusBadge';
import { attemptLabels } from '../../src-shared/runner/attemptLabels';
import { attemptRow } from '../../src-shared/runner/httpTone';
import { loadRecipeRows, openRecipeItem, ROWS_PAGE, useRecipeRowsStore } from '../stores/recipeRowsStore';

export function RecipeRowsPanel({
  job,
}: {
  job: JobSummary & { recipe: NonNullable<JobSummary['recipe']> };
}) {
  const s = useRecipeRowsStore();
  const done = job.counts.succeeded + job.counts.failed + job.counts.skipped + job.counts.blocked;
  // Follow the job while it runs: its counts change with every progress event.
  useEffect(() => void loadRecipeRows(job.id), [job.id, done, job.state]);
  const steps = job.recipe.steps;
  // The opened item, with its row and step: the attempts below all the rows say whose they are, and its
  // settling answer is painted by its status, as a row's in the drawer.
  const open = s.rows
    .flatMap((r) => r.steps.flatMap((st) => st.items.map((it) => ({ row: r.rowNumber, step: st.step, it }))))
    .find((o) => o.it.id === s.openItemId);
  const openStatus = open?.it.status;
  const labels = attemptLabels(s.attempts?.map((a) => a.kind) ?? []);
  return (
    <section className="recipe-rows" aria-labelledby="recipe-rows-title" data-testid="recipe-rows">
      <h3 id="recipe-rows-title">
        Recipe “{job.recipe.name}”: {steps.length} steps
      </h3>
      <StepCountsTable
        label="Items per step"
        className="recipe-step-counts"
        steps={steps}
        rowTestId={(st) => `step-counts-${st.id}`}
        detail={(st) => (
          <span className="muted small">
            {st.templateName}
            {st.forEach ? ` · per value of ${st.forEach}` : ''}
          </span>
        )}
        columns={[
          { title: 'Items', count: (st) => st.counts.total },
          { title: 'Succeeded', count: (st) => st.counts.succeeded, tone: 'ok' },
          { title: 'Failed', count: (st) => st.counts.failed, tone: 'error' },
          { title: 'Blocked', count: (st) => st.counts.blocked, tone: 'warn' },
          { title: 'Skipped', count: (st) => st.counts.skipped },
          {
            title: 'Waiting',
            count: (st) => st.counts.waiting + st.counts.pending + st.counts.retry_wait + st.counts.sending,
          },
        ]}
      />
      <div className="toolbar">
        <label className="inline-field">
          Rows
          <select
            data-testid="recipe-rows-filter"
            value={s.filter}
            onChange={(e) => void loadRecipeRows(job.id, { filter: e.target.value as 'all' | 'problems' })}
          >
            <option value="all">all</option>
            <option value="problems">with a failed, blocked or in-doubt step</option>
          </select>
        </label>
        <span className="muted small">
          {s.total === 0
            ? 'no rows'
            : `${fmtInt(s.offset + 1)}–${fmtInt(Math.min(s.total, s.offset + ROWS_PAGE))} of ${fmtInt(s.total)} rows`}
        </span>
        <button
          type="button"
          disabled={s.offset === 0}
          onClick={() => void loadRecipeRows(job.id, { offset: Math.max(0, s.offset - ROWS_PAGE) })}
        >
          ← Previous
        </button>
        <button
          type="button"
          disabled={s.offset + ROWS_PAGE >= s.total}
          onClick={() => void loadRecipeRows(job.id, { offset: s.offset + ROWS_PAGE })}
        >
          Next →
        </button>
      </div>
      <ErrorMessage error={s.error} title="Could not load the rows." />
      {s.jobId === job.id && (
        <RecipeTimeline steps={steps} rows={s.rows} onOpenItem={(id) => void openRecipeItem(id)} />
      )}
      {s.openItemId !== null && s.attempts && (
        <section
          className="attempts"
          aria-label="The item's requests and answers"
          data-testid="recipe-item-attempts"
        >
          {open && (
            <h4 data-testid="recipe-item-title">
              Row {open.row} · {steps[open.step]?.name ?? `Step ${open.step + 1}`}
              {open.it.fanValue ? ` · ${open.it.fanValue}` : ''}
            </h4>
          )}
          {s.attempts.length === 0 && (
            <p className="muted">Not sent: nothing left for this item (see its note).</p>
          )}
          {s.attempts.map((a, i, all) => (
            <details key={a.attempt} className="attempt" open={a.attempt === s.attempts!.length}>
              <summary>
                {labels[i]} ·{' '}
                <HttpStatus status={a.responseStatus} row={attemptRow(all, i, openStatus)} kind={a.kind} /> ·{' '}
                {fmtTime(a.startedAt)} · {fmtDuration(a.durationMs)} · <code>{a.url}</code>
                {a.error ? <span className="error-text"> · {a.error}</span> : null}
              </summary>
              <div className="attempt-body">
                <HeadersTable headers={a.requestHeaders} />
                <SentBodies
                  requestBody={a.requestBody}
                  responseBody={a.responseBody}
                  requestHeaders={a.requestHeaders}
                />
              </div>
            </details>
          ))}
        </section>
      )}
    </section>
  );
}
