// Plan: before anything is sent, what this file would do to the academy, row by row — read from the LMS
// now (through the connection's throttle) or from the synced catalog. Counts per class double as
// filters; each row shows what changes (old → new) and why; running the plan sends only the creates and
// updates, as an ordinary job followed on Run.
import { useEffect, useState } from 'react';
import { getTemplate } from '../../src-shared/connectors/catalog';
import { keyWords } from '../../src-shared/connectors/keyWords';
import { planStaleText } from '../../src-shared/plan/planStaleText';
import { planUndoSentence } from '../../src-shared/undo/undoSentence';
import type { PlanDto } from '../../src-shared/contract/api';
import { PLAN_ROW_CLASSES, type PlanRowClass } from '../../src-shared/plan/types';
import { ConfirmDialog, type ConfirmRequest } from '../components/ConfirmDialog';
import { EmptyState } from '../components/EmptyState';
import { ErrorMessage } from '../components/ErrorMessage';
import { fmtInt, fmtTime } from '../components/format';
import { PlanDiff } from '../components/PlanDiff';
import { go } from '../stores/appStore';
import { connectionsSelectors, useConnectionsStore } from '../stores/connectionsStore';
import { datasetsSelectors, useDatasetsStore } from '../stores/datasetsStore';
import { mappingSelectors, useMappingStore } from '../stores/mappingStore';
import {
  loadPlanScreen,
  loadRows,
  makePlan,
  resumePlan,
  runPlan,
  setPlanFilter,
  setPlanSource,
  usePlanStore,
  watchPlans,
} from '../stores/planStore';
import './plan.css';

const CLASS_HELP: Record<PlanRowClass, string> = {
  create: 'new in the LMS',
  update: 'exists, and changes',
  unchanged: 'already as the file says: not sent',
  conflict: 'contradicts the LMS: not sent',
  missing: 'names something the LMS does not have: not sent',
  invalid: 'cannot be built: not sent',
  duplicate: "repeats an earlier row's key: not sent",
};

function ago(at: number): string {
  const m = Math.round((Date.now() - at) / 60_000);
  if (m < 1) return 'just now';
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  return h < 48 ? `${h} h ago` : `${Math.round(h / 24)} days ago`;
}

function sourceLine(p: PlanDto): string {
  if (p.source.kind === 'sync')
    return `Compared with the synced catalog of ${fmtTime(p.source.syncedAt)} (${ago(p.source.syncedAt)}); no call to the LMS.`;
  return `Read from ${p.connectionName} ${ago(p.finishedAt ?? p.createdAt)}: ${fmtInt(p.calls)} API call${p.calls === 1 ? '' : 's'} for ${fmtInt(p.rows)} rows.`;
}

export function PlanScreen() {
  const dataset = useDatasetsStore(datasetsSelectors.current);
  const template = useMappingStore(mappingSelectors.template);
  const mapping = useMappingStore((s) => s.mapping);
  const missing = useMappingStore((s) => mappingSelectors.missingRequired(s).length);
  const connectionId = useMappingStore((s) => s.connectionId);
  const connection = useConnectionsStore(connectionsSelectors.byId(connectionId));
  const s = usePlanStore();
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);

  useEffect(() => watchPlans(), []);
  useEffect(() => {
    void loadPlanScreen();
  }, [dataset?.id, connectionId, template?.id, mapping]);

  const plan = s.plan;
  // The changed fields by the names Map gives them ("First name", not `firstname`).
  const fields = plan ? (getTemplate(plan.runTemplateId) ?? getTemplate(plan.templateId))?.fields : undefined;
  const labels = new Map(fields?.map((f) => [f.key, f.label]));
  const ready = !!dataset && !!template && !!connection && dataset.state === 'ready' && missing === 0;
  const reading = plan?.state === 'reading';
  // Rows sent to the connection since the plan read it: its verdicts are the LMS as it was — plan again.
  const stale = plan ? planStaleText(plan) : null;
  const canRun = plan?.state === 'ready' && plan.toSend > 0 && !plan.jobId && !stale && s.busy === null;

  const run = () => {
    if (!plan || !canRun) return;
    const what = `${fmtInt(plan.counts.create)} create${plan.counts.create === 1 ? '' : 's'} and ${fmtInt(plan.counts.update)} update${plan.counts.update === 1 ? '' : 's'}`;
    setConfirm({
      title: `Send the plan to ${plan.connectionName}?`,
      body: (
        <>
          <p>
            <strong>{what}</strong> of {plan.fileName} go to <strong>{plan.connectionName}</strong>
            {connection?.isSandbox ? ' (a sandbox)' : ''} as “{plan.runTemplateName}”. The other{' '}
            {fmtInt(plan.rows - plan.toSend)} rows are not sent.
          </p>
          <p data-testid="plan-undo">{planUndoSentence(plan.runTemplateId, plan.counts).text}</p>
          <p className="muted small">{sourceLine(plan)} If the LMS changed since, plan again first.</p>
        </>
      ),
      confirmLabel: `Send ${fmtInt(plan.toSend)} row${plan.toSend === 1 ? '' : 's'}`,
      phrase: plan.confirmation,
      prefill: connection?.isSandbox ?? false,
      danger: plan.confirmation !== null,
      onConfirm: (typed) => void runPlan(typed),
    });
  };

  return (
    <section className="screen" aria-labelledby="plan-title">
      <header className="screen-header">
        <div>
          <h1 id="plan-title">Plan</h1>
          <p className="lede">
            What this file would do to the academy, row by row, before anything is sent: each row compared
            with the LMS as it is now.
          </p>
        </div>
      </header>
      <ErrorMessage error={s.error} title={s.errorTitle} testId="plan-error" />
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
      {!ready ? (
        <EmptyState title="Nothing to plan yet" action={{ label: 'Go to Map', onClick: () => go('map') }}>
          Import a file, then choose a connection and an action and map the required fields.
        </EmptyState>
      ) : (
        <>
          <section className="card plan-setup" aria-labelledby="plan-setup-title">
            <h2 id="plan-setup-title">
              {template.name} for {fmtInt(dataset.rowCount)} rows of {dataset.fileName} → {connection.name}
            </h2>
            <fieldset className="plan-source">
              <legend>Compare with</legend>
              <label className="inline">
                <input
                  type="radio"
                  name="plan-source"
                  data-testid="plan-source-live"
                  checked={s.source === 'live'}
                  onChange={() => setPlanSource('live')}
                />
                the LMS now — read through the connection’s throttle, in as few calls as it allows
              </label>
              <label className="inline">
                <input
                  type="radio"
                  name="plan-source"
                  data-testid="plan-source-sync"
                  disabled={s.catalogAt === null}
                  checked={s.source === 'sync'}
                  onChange={() => setPlanSource('sync')}
                />
                the synced catalog{' '}
                {s.catalogAt === null ? (
                  <span className="muted">(not synced yet: Reports → Sync now)</span>
                ) : (
                  <span className="muted">
                    (synced {fmtTime(s.catalogAt)}, {ago(s.catalogAt)}; no call to the LMS)
                  </span>
                )}
              </label>
            </fieldset>
            <div className="actions">
              <button
                type="button"
                className={plan?.state === 'ready' ? undefined : 'primary'}
                data-testid="make-plan-button"
                disabled={s.busy !== null || reading}
                onClick={() => void makePlan()}
              >
                {reading ? 'Reading…' : plan ? 'Plan again' : 'Make the plan'}
              </button>
              {plan?.state === 'interrupted' && (
                <button type="button" data-testid="resume-plan-button" onClick={() => void resumePlan()}>
                  Resume the plan
                </button>
              )}
            </div>
          </section>

          {plan && reading && (
            <p className="plan-progress card" aria-live="polite" data-testid="plan-progress">
              Reading {plan.readsWhat}…{' '}
              {s.progress
                ? `${s.progress.label} · ${fmtInt(s.progress.calls)} calls · ${fmtInt(s.progress.reads)} read`
                : ''}
            </p>
          )}
          {plan?.state === 'failed' && (
            <p className="error-box error-text" role="alert">
              The plan failed: {plan.error}
            </p>
          )}
          {plan?.state === 'interrupted' && (
            <p className="warn-text">
              The plan stopped before it finished reading. Nothing was sent; resume it or plan again.
            </p>
          )}

          {plan?.state === 'ready' && (
            <section
              className="card plan-result"
              aria-labelledby="plan-result-title"
              data-testid="plan-result"
            >
              <h2 id="plan-result-title">
                What it would do
                {plan.runTemplateId !== plan.templateId && (
                  <span
                    className="chip"
                    title="A plan of “create member” creates the new and updates the rest"
                  >
                    sent as {plan.runTemplateName}
                  </span>
                )}
              </h2>
              <p className="muted small" data-testid="plan-source">
                {sourceLine(plan)}
              </p>
              {stale && (
                <p className="card warn-card" role="status" id="plan-stale" data-testid="plan-stale">
                  <strong>{stale}</strong> Its counts are the LMS as it was then. Plan again to compare with the
                  LMS as it is now.{' '}
                  <button
                    type="button"
                    className="primary"
                    data-testid="plan-stale-again"
                    disabled={s.busy !== null}
                    onClick={() => void makePlan()}
                  >
                    Plan again
                  </button>
                </p>
              )}
              <div className="plan-counts" role="group" aria-label="Show rows of one kind">
                <button
                  type="button"
                  className="plan-count"
                  aria-pressed={s.filter === 'all'}
                  data-testid="plan-filter-all"
                  onClick={() => void setPlanFilter('all')}
                >
                  <strong>{fmtInt(plan.rows)}</strong> all rows
                </button>
                {PLAN_ROW_CLASSES.filter((c) =>
                  c !== 'invalid' && c !== 'duplicate' ? true : plan.counts[c] > 0,
                ).map((c) => (
                  <button
                    type="button"
                    key={c}
                    className={`plan-count plan-${c}`}
                    aria-pressed={s.filter === c}
                    data-testid={`plan-count-${c}`}
                    title={CLASS_HELP[c]}
                    onClick={() => void setPlanFilter(c)}
                  >
                    <strong>{fmtInt(plan.counts[c])}</strong> {c}
                  </button>
                ))}
              </div>

              <div className="table-wrap plan-table-wrap">
                <table className="table plan-table" data-testid="plan-rows">
                  <thead>
                    <tr>
                      <th scope="col" className="num">
                        Row
                      </th>
                      <th scope="col">Verdict</th>
                      <th scope="col">Acts on</th>
                      <th scope="col">What changes (old → new)</th>
                      <th scope="col">Why / the call it makes</th>
                    </tr>
                  </thead>
                  <tbody>
                    {s.rows.map((r) => (
                      <tr key={r.rowNumber} data-testid="plan-row" data-class={r.class}>
                        <td className="num">{r.rowNumber}</td>
                        <td>
                          <span className={`plan-badge plan-${r.class}`}>{r.class}</span>
                        </td>
                        <td>
                          <code title={r.key ?? undefined}>{r.key ? keyWords(r.key) : '—'}</code>
                        </td>
                        <td>
                          <PlanDiff diff={r.diff} labels={labels} source={plan?.source} />
                        </td>
                        <td className="small">
                          {r.note && <div>{r.note}</div>}
                          {r.call && <code className="plan-call">{r.call}</code>}
                        </td>
                      </tr>
                    ))}
                    {s.rows.length === 0 && (
                      <tr>
                        <td colSpan={5} className="muted">
                          No {s.filter === 'all' ? '' : `${s.filter} `}rows.
                        </td>
                      </tr>
                    )}
                  </tbody>
                </table>
              </div>
              {s.rows.length < s.total && (
                <button type="button" className="link" onClick={() => void loadRows(true)}>
                  Show more ({fmtInt(s.total - s.rows.length)} left)
                </button>
              )}

              <div className="actions plan-actions">
                {plan.jobId ? (
                  <p className="muted" data-testid="plan-job">
                    Sent as job <code>{plan.jobId.slice(0, 8)}</code>: see it on Run and in History. Plan
                    again to see what is left.
                  </p>
                ) : (
                  <button
                    type="button"
                    className="primary"
                    data-testid="run-plan-button"
                    disabled={!canRun}
                    aria-describedby={stale ? 'plan-stale' : undefined}
                    onClick={run}
                  >
                    {plan.toSend === 0
                      ? 'Nothing to send'
                      : `Send ${fmtInt(plan.toSend)} row${plan.toSend === 1 ? '' : 's'}: ${fmtInt(plan.counts.create)} create, ${fmtInt(plan.counts.update)} update`}
                  </button>
                )}
                <span className="muted small">
                  Only creates and updates are sent; the other rows stay in History with why.
                </span>
              </div>
            </section>
          )}
        </>
      )}
    </section>
  );
}
