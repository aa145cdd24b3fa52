// "Undo this job" in History: what undoing would do — the rows undone, and those that cannot be undone
// with why (for a recipe job, step by step) — then, confirmed (with the phrase when a compensating call is
// destructive), the undo job, an ordinary job (a recipe job's: an undo recipe) opened in History as it runs.
import { useEffect, useRef, useState } from 'react';
import type { JobSummary } from '../../../src-shared/contract/api';
import { undoSends, undoWhere } from '../../../src-shared/undo/undoSentence';
import { ConfirmDialog, type ConfirmRequest } from '../../components/ConfirmDialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { fmtInt } from '../../components/format';
import { UndoPlanView } from '../../components/UndoPlanView';
import { loadJobs, openJob } from '../../stores/historyStore';
import { JOB_DETAIL_TITLE } from './jobDetailTitle';
import { closeUndoPlan, loadUndoPlan, undoJob, useUndoAuditStore } from '../../stores/undoAuditStore';

export function UndoSection({ job }: { job: JobSummary }) {
  const s = useUndoAuditStore();
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const plan = s.jobId === job.id ? s.plan : null;
  // The button is replaced by the panel: focus goes to the panel's title (not back to the page's top), and
  // Close gives it back to the button.
  const titleRef = useRef<HTMLHeadingElement>(null);
  const openRef = useRef<HTMLButtonElement>(null);
  const refocusOpen = useRef(false);
  useEffect(() => {
    if (plan) titleRef.current?.focus();
    else if (refocusOpen.current) {
      refocusOpen.current = false;
      openRef.current?.focus();
    }
  }, [plan]);
  if (job.options.dryRun || job.state === 'running' || job.counts.succeeded + job.counts.failed === 0) return null;
  // What one counts: a row, or a recipe job's item (a step of a row).
  const unit = (n: number) => `${job.recipe ? 'item' : 'row'}${n === 1 ? '' : 's'}`;
  const destructive = !!plan && (plan.template?.destructive || !!plan.steps?.some((st) => st.inverse?.destructive && st.counts.undo > 0));

  const start = () => {
    if (!plan || plan.counts.undo === 0) return;
    const n = plan.counts.undo;
    setConfirm({
      title: `Undo “${job.templateName}”?`,
      body: (
        <>
          <p>
            This sends {undoSends(plan)} to <strong>{undoWhere(plan)}</strong>, putting each back as it was before this job
            {plan.steps ? ', the last step first' : ''}.
          </p>
          {plan.counts.cannot > 0 && (
            <p>
              {fmtInt(plan.counts.cannot)} {unit(plan.counts.cannot)} cannot be undone and stay as they are.
            </p>
          )}
        </>
      ),
      confirmLabel: `Undo ${fmtInt(n)} ${unit(n)}`,
      phrase: plan.confirmation,
      prefill: plan.connection.isSandbox,
      danger: destructive,
      onConfirm: (typed) =>
        void undoJob(job.id, typed).then(async (undo) => {
          if (!undo) return;
          await loadJobs();
          openJob(undo.id);
          // The panel and its button are gone: focus goes to the undo job's heading, where reading it starts.
          requestAnimationFrame(() => document.getElementById(JOB_DETAIL_TITLE)?.focus());
        }),
    });
  };

  return (
    <>
      {!plan && (
        <div className="toolbar">
          <button
            type="button"
            data-testid="undo-job-button"
            ref={openRef}
            disabled={s.planLoading}
            onClick={() => void loadUndoPlan(job.id)}
            title="A new job of the compensating calls: each row put back as it was before this job"
          >
            {s.planLoading ? 'Reading what to undo…' : 'Undo this job…'}
          </button>
        </div>
      )}
      <ErrorMessage error={s.jobId === job.id ? s.planError : null} title="This job cannot be undone." />
      {plan && (
        <section className="card undo-panel" aria-labelledby="undo-title" data-testid="undo-panel">
          <h3 id="undo-title" tabIndex={-1} ref={titleRef}>
            Undo this job
          </h3>
          <UndoPlanView plan={plan} />
          <ErrorMessage error={s.undoError} title="The undo job was not made." />
          <div className="actions">
            <button
              type="button"
              className={destructive ? 'danger' : 'primary'}
              data-testid="undo-start"
              disabled={plan.counts.undo === 0 || s.undoing}
              onClick={start}
            >
              {plan.counts.undo === 0 ? 'Nothing to undo' : `Undo ${fmtInt(plan.counts.undo)} ${unit(plan.counts.undo)}…`}
            </button>
            <button
              type="button"
              onClick={() => {
                refocusOpen.current = true;
                closeUndoPlan();
              }}
              data-testid="undo-close"
            >
              Close
            </button>
          </div>
        </section>
      )}
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
    </>
  );
}
