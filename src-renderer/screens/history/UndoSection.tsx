// "Undo this job" in History: what undoing would do — the rows undone, and those that cannot be undone
// with why — then, confirmed (with the phrase when the compensating call is destructive), the undo job,
// an ordinary job opened in History as it runs.
import { useState } from 'react';
import type { JobSummary } from '../../../src-shared/contract/api';
import { ConfirmDialog, type ConfirmRequest } from '../../components/ConfirmDialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { fmtInt } from '../../components/format';
import { UndoPlanView } from '../../components/UndoPlanView';
import { loadJobs, openJob } from '../../stores/historyStore';
import { closeUndoPlan, loadUndoPlan, undoJob, useUndoAuditStore } from '../../stores/undoAuditStore';

export function UndoSection({ job }: { job: JobSummary }) {
  const s = useUndoAuditStore();
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const plan = s.jobId === job.id ? s.plan : null;
  if (job.options.dryRun || job.state === 'running' || job.counts.succeeded + job.counts.failed === 0) return null;
  // A recipe job reads no state before its writes: its undo is not offered (jobs.undo says the same).
  if (job.recipe)
    return (
      <p className="muted small" data-testid="undo-not-for-recipes">
        Undo is not available for recipe jobs yet: undo a step’s effect with its own job (for example, unenrol
        the rows enrolled).
      </p>
    );

  const start = () => {
    if (!plan?.template) return;
    const n = plan.counts.undo;
    setConfirm({
      title: `Undo “${job.templateName}”?`,
      body: (
        <>
          <p>
            This sends “{plan.template.name}” for {fmtInt(n)} row{n === 1 ? '' : 's'} to {plan.connection.name}, putting
            each back as it was before this job.
          </p>
          {plan.counts.cannot > 0 && (
            <p>
              {fmtInt(plan.counts.cannot)} row{plan.counts.cannot === 1 ? '' : 's'} cannot be undone and stay as they are.
            </p>
          )}
        </>
      ),
      confirmLabel: `Undo ${fmtInt(n)} row${n === 1 ? '' : 's'}`,
      phrase: plan.confirmation,
      prefill: plan.connection.isSandbox,
      danger: plan.template.destructive,
      onConfirm: (typed) =>
        void undoJob(job.id, typed).then(async (undo) => {
          if (!undo) return;
          await loadJobs();
          openJob(undo.id);
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
          <h3 id="undo-title">Undo this job</h3>
          <UndoPlanView plan={plan} />
          <ErrorMessage error={s.undoError} title="The undo job was not made." />
          <div className="actions">
            <button
              type="button"
              className={plan.template?.destructive ? 'danger' : 'primary'}
              data-testid="undo-start"
              disabled={plan.counts.undo === 0 || s.undoing}
              onClick={start}
            >
              {plan.counts.undo === 0 ? 'Nothing to undo' : `Undo ${fmtInt(plan.counts.undo)} row${plan.counts.undo === 1 ? '' : 's'}…`}
            </button>
            <button type="button" onClick={closeUndoPlan} data-testid="undo-close">
              Close
            </button>
          </div>
        </section>
      )}
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
    </>
  );
}
