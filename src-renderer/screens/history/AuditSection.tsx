// The open job's audit record in its header (History), loaded again whenever the job moves on.
import { useEffect } from 'react';
import type { JobSummary } from '../../../src-shared/contract/api';
import { AuditRecord } from '../../components/AuditRecord';
import { ErrorMessage } from '../../components/ErrorMessage';
import { openJob } from '../../stores/historyStore';
import { exportAudit, loadAudit, useUndoAuditStore } from '../../stores/undoAuditStore';

export function AuditSection({ job }: { job: JobSummary }) {
  const s = useUndoAuditStore();
  useEffect(() => {
    void loadAudit(job.id);
  }, [job.id, job.state, job.finishedAt]);
  const audit = s.jobId === job.id ? s.audit : null;
  return (
    <>
      {audit && (
        <AuditRecord
          audit={audit}
          onOpenJob={(id) => openJob(id)}
          onExport={() => void exportAudit(job)}
          exporting={s.exporting}
        />
      )}
      <ErrorMessage error={s.jobId === job.id ? s.auditError : null} title="Could not load the job's record." />
      <ErrorMessage error={s.exportError} title="The audit export stopped." />
    </>
  );
}
