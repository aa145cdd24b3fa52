import { syncSkipText } from '../../src-shared/sync/syncSkips';
import { useEffect, type KeyboardEvent } from 'react';
import './reports.css';
import { SYNC_ENTITY_LABELS, type SyncRunSummary } from '../../src-shared/sync/types';
import { BarChart } from '../components/BarChart';
import { EmptyState } from '../components/EmptyState';
import { ErrorMessage } from '../components/ErrorMessage';
import { fmtInt, fmtTime } from '../components/format';
import { Histogram } from '../components/Histogram';
import { ReportTableView } from '../components/ReportTableView';
import { droppedSentence } from '../../src-shared/reports/reportChoice';
import {
  dismissDropped,
  exportCsv,
  loadReports,
  rangeError,
  REPORT_NAMES,
  REPORT_TITLES,
  reportsSelectors,
  selectReport,
  setReportOptions,
  startSync,
  toggleComplianceCourse,
  useReportsStore,
  watchSync,
} from '../stores/reportsStore';

/** Left/Right (and Home/End) move to the previous/next report tab and open it. */
function onTabKey(e: KeyboardEvent<HTMLDivElement>): void {
  const at = REPORT_NAMES.indexOf(useReportsStore.getState().report);
  const to =
    e.key === 'ArrowRight' ? (at + 1) % REPORT_NAMES.length
    : e.key === 'ArrowLeft' ? (at - 1 + REPORT_NAMES.length) % REPORT_NAMES.length
    : e.key === 'Home' ? 0
    : e.key === 'End' ? REPORT_NAMES.length - 1
    : null;
  if (to === null) return;
  e.preventDefault();
  const name = REPORT_NAMES[to]!;
  selectReport(name);
  document.getElementById(`report-tab-${name}`)?.focus();
}

/** The LMS's own data, synced into this machine, and the reports an admin builds from it — offline. */
export function ReportsScreen() {
  const s = useReportsStore();
  // Derived from the whole state the screen already follows (a selector building a new object per call
  // would make zustand re-render forever).
  const syncing = reportsSelectors.syncing(s);
  const overall = reportsSelectors.overall(s);
  const lastSynced = reportsSelectors.lastSynced(s);

  useEffect(() => {
    const off = watchSync();
    void loadReports();
    return off;
  }, []);

  const view = s.view;
  // A failed or stopped sync's rows are shown, with the report's note that they are partial.
  const nothingSynced = reportsSelectors.nothingSynced(s);

  return (
    <section className="screen" aria-labelledby="reports-title">
      <header className="screen-header">
        <div>
          <h1 id="reports-title">Reports</h1>
          <p className="lede">
            Courses, learners and progress from each LMS, kept on this machine so these reports need no network.
            {lastSynced ? ` Last synced ${fmtTime(lastSynced)}.` : ''}
          </p>
        </div>
        <button type="button" className="primary sync-button" data-testid="sync-button" disabled={syncing} onClick={() => void startSync()}>
          {syncing ? 'Syncing…' : 'Sync now'}
        </button>
      </header>
      <ErrorMessage error={s.syncError} title="Could not sync." />

      <div className="sync-status card" data-testid="sync-status" aria-live="polite">
        {syncing && (
          <div className="sync-progress" data-testid="sync-progress">
            <progress max={Math.max(1, overall.total)} value={overall.done} aria-label="Sync progress" />
            <span className="small">
              {overall.label ? `${fmtInt(overall.fetched)} records · ${overall.label}` : 'Starting…'}
            </span>
          </div>
        )}
        <table className="table sync-table" aria-label="Connections synced">
          <thead>
            <tr>
              <th scope="col">Connection</th>
              <th scope="col">Last sync</th>
              <th scope="col" className="num">Courses</th>
              <th scope="col" className="num">Learners</th>
              <th scope="col" className="num">Enrolments</th>
              <th scope="col">Notes</th>
            </tr>
          </thead>
          <tbody>
            {s.statuses.map((c) => {
              const run = c.lastRun;
              const p = s.progress[c.connectionId];
              const unavailable = run?.entities.filter((e) => e.status === 'unavailable') ?? [];
              const changed = run?.entities.filter((e) => e.status === 'changed') ?? [];
              return (
                <tr key={c.connectionId} data-testid={`sync-row-${c.connectionId}`}>
                  <td>{c.connectionName}</td>
                  <td>
                    {c.running
                      ? `Syncing… ${p ? `${p.entitiesDone}/${p.entitiesTotal}` : ''}`
                      : run
                        ? `${run.state === 'completed' ? fmtTime(run.finishedAt) : run.state}${run.error ? `: ${run.error}` : ''}`
                        : 'Never'}
                  </td>
                  <td className="num">{fmtInt(c.counts.courses)}</td>
                  <td className="num">{fmtInt(c.counts.learners)}</td>
                  <td className="num">{fmtInt(c.counts.enrolments)}</td>
                  <td className="small muted">
                    {unavailable.map((e) => `${SYNC_ENTITY_LABELS[e.entity]}: not available`).join('; ')}
                    {changed.map((e) => (
                      <span key={e.entity} className="warn-text" data-testid={`sync-changed-${e.entity}`}>
                        {' '}
                        {e.note}
                      </span>
                    ))}
                    {/* Alone in the cell it is a sentence, not the tail of a list ("· the next sync…"). */}
                    {run && run.state !== 'completed' && !c.running
                      ? unavailable.length + changed.length
                        ? ' · the next sync resumes where it stopped'
                        : 'The next sync resumes where it stopped'
                      : ''}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {s.skipped.map((c) => (
          <p key={c.connectionId} className="small warn-text sync-skipped" data-testid={`sync-skipped-${c.connectionId}`}>
            Not synced: {c.connectionName} — {syncSkipText(c.notSynced!)}
          </p>
        ))}
      </div>

      {nothingSynced ? (
        <EmptyState title="Nothing synced yet" action={{ label: 'Sync now', onClick: () => void startSync() }}>
          Sync brings each connection’s courses, learners, trackings and results onto this machine. Reports then work
          offline, and mappings can turn course titles and learner emails into ids.
        </EmptyState>
      ) : (
        <>
          <div className="report-tabs" role="tablist" aria-label="Reports" onKeyDown={onTabKey}>
            {REPORT_NAMES.map((name) => (
              <button
                key={name}
                type="button"
                role="tab"
                id={`report-tab-${name}`}
                aria-selected={s.report === name}
                aria-controls="report-panel"
                // One tab stop for the list; arrow keys move between the tabs (the ARIA tabs pattern).
                tabIndex={s.report === name ? 0 : -1}
                className={s.report === name ? 'tab tab-active' : 'tab'}
                data-testid={`report-${name}`}
                onClick={() => selectReport(name)}
              >
                {REPORT_TITLES[name]}
              </button>
            ))}
          </div>

          {s.dropped.length > 0 && (
            // A course or sync run chosen before and removed by a sync since: said, by name, until read.
            <div className="card warn-card report-dropped" role="status" data-testid="report-choice-dropped">
              <p>{droppedSentence(s.dropped)}</p>
              <button type="button" className="small" onClick={dismissDropped}>
                Dismiss
              </button>
            </div>
          )}
          <ReportOptions />
          <ErrorMessage error={s.error} title="Could not build the report." />

          {view && (
            <article
              className="report"
              data-testid="report-view"
              aria-busy={s.loading}
              id="report-panel"
              role="tabpanel"
              aria-labelledby={`report-tab-${s.report}`}
            >
              <header className="report-head">
                <div>
                  <h2>{view.title}</h2>
                  <p className="small muted">{view.description}</p>
                </div>
                <div className="actions">
                  {view.tables.map((t, i) => (
                    <button key={t.title} type="button" data-testid={i === 0 ? 'export-csv' : `export-csv-${i}`} onClick={() => exportCsv(i)}>
                      Export CSV{view.tables.length > 1 ? ` (${t.title})` : ''}
                    </button>
                  ))}
                </div>
              </header>
              {s.lastExport && <p className="small ok-text">Saved {s.lastExport}</p>}
              {view.prompt && (
                <p className="report-prompt" data-testid="report-prompt" role="status">
                  {view.prompt}
                </p>
              )}
              {view.notes.length > 0 && (
                <ul className="report-notes small muted">
                  {view.notes.map((n) => (
                    <li key={n}>{n}</li>
                  ))}
                </ul>
              )}
              {view.chart?.kind === 'bar' && (
                <BarChart
                  testId="report-chart"
                  title={view.chart.title}
                  bars={view.chart.bars}
                  max={view.chart.max}
                  unit={view.chart.unit}
                  empty={view.chart.empty}
                />
              )}
              {view.chart?.kind === 'histogram' && (
                <Histogram testId="report-chart" title={view.chart.title} x={view.chart.x} y={view.chart.y} bins={view.chart.bins} />
              )}
              {[...view.tables].reverse().map((t, i) => (
                <div key={t.title}>
                  {view.tables.length > 1 && <h3>{t.title}</h3>}
                  <ReportTableView table={t} testId={`report-table-${view.tables.length - 1 - i}`} />
                </div>
              ))}
            </article>
          )}
        </>
      )}
    </section>
  );
}

/** The options of the report on screen: grouping, the required courses, the two dates. */
function ReportOptions() {
  const s = useReportsStore();
  if (s.report === 'timeToCompletion')
    return (
      <div className="toolbar report-options">
        <label>
          Group by{' '}
          <select value={s.cohortBy} onChange={(e) => setReportOptions({ cohortBy: e.target.value as 'course' | 'cohort' })}>
            <option value="course">Course</option>
            <option value="cohort">Cohort (month started)</option>
          </select>
        </label>
      </div>
    );
  if (s.report === 'compliance')
    return (
      <div className="report-options card">
        <label className="inline-field">
          Group by{' '}
          <select
            value={s.complianceBy}
            onChange={(e) => setReportOptions({ complianceBy: e.target.value as 'client' | 'company' | 'department' })}
          >
            <option value="department">Department</option>
            <option value="company">Company</option>
            <option value="client">Client</option>
          </select>
        </label>
        <fieldset className="course-picker">
          <legend>Courses everyone must complete</legend>
          {s.courses.map((c) => (
            <label key={c.key} className="inline course-choice">
              <input type="checkbox" checked={s.complianceKeys.includes(c.key)} onChange={() => toggleComplianceCourse(c.key)} />
              <span className="course-choice-text">
                {c.title} <span className="muted small">· {c.source}</span>
              </span>
            </label>
          ))}
        </fieldset>
      </div>
    );
  if (s.report === 'progressOverTime') {
    const runs = s.runs;
    const problem = rangeError(s);
    return (
      <div className="toolbar report-options">
        <SyncRunSelect
          label="From"
          none="When every connection was first synced"
          runs={runs}
          value={s.fromRunId}
          invalid={problem !== null}
          onChange={(fromRunId) => setReportOptions({ fromRunId })}
        />
        <SyncRunSelect
          label="To"
          none="Latest sync"
          runs={runs}
          value={s.toRunId}
          invalid={problem !== null}
          onChange={(toRunId) => setReportOptions({ toRunId })}
        />
        {problem && (
          <span className="field-error" id="progress-range-problem" role="alert" data-testid="progress-range-error">
            {problem}
          </span>
        )}
      </div>
    );
  }
  return null;
}

/** One end of the progress-over-time comparison: a finished sync run, or none (the oldest / latest). */
function SyncRunSelect(props: {
  label: string;
  none: string;
  runs: SyncRunSummary[];
  value: number | null;
  /** The two dates are out of order: marked, and pointing at the message beside them. */
  invalid: boolean;
  onChange: (runId: number | null) => void;
}) {
  return (
    <label>
      {props.label}{' '}
      <select
        value={props.value ?? ''}
        aria-invalid={props.invalid}
        aria-describedby={props.invalid ? 'progress-range-problem' : undefined}
        onChange={(e) => props.onChange(e.target.value ? Number(e.target.value) : null)}
      >
        <option value="">{props.none}</option>
        {props.runs.map((r) => (
          <option key={r.id} value={r.id}>
            {fmtTime(r.finishedAt)} · {r.connectionName}
          </option>
        ))}
      </select>
    </label>
  );
}
