// Why the app itself paused or interrupted a job (a circuit breaker, the canary, a read-back mismatch, a
// storage fault…), in words, with what to do next. Run and History show it above the job's numbers.
import type { JobSummary, StopKind } from '../../src-shared/contract/api';
import './safety.css';

const TITLES: Record<StopKind, string> = {
  auth: 'Paused: the LMS refused the key',
  failureRate: 'Paused: too many rows failed',
  canary: 'Canary: look at the first rows before the rest go',
  readBack: 'Read back: the LMS does not hold what was sent',
  storage: 'Stopped: this computer could not save the job',
  internal: 'Stopped by an error in Bulk Desk',
  closed: 'Interrupted: Bulk Desk stopped while this job was sending',
  throttled: 'Paused: the LMS asked to wait longer than Bulk Desk waits by itself',
  stoppedInFlight: 'Paused by you before the answers came back: rows in flight are in doubt',
  connection: 'Paused: the connection to the LMS was refused before anything was sent',
  inDoubt: 'Paused for your decision: later steps wait on items in doubt',
  awaitingRead: 'Paused: later steps wait on a read of the LMS — resume to read it',
  notStarted: 'Paused: your decision was saved, but the job could not start',
};

export function StopReasonBanner({ job }: { job: JobSummary }) {
  const r = job.stopReason;
  if (!r || (job.state !== 'paused' && job.state !== 'interrupted')) return null;
  return (
    <div className={`stop-reason stop-${r.kind}`} role="alert" data-testid="stop-reason" data-kind={r.kind}>
      <p>
        <strong>{TITLES[r.kind]}</strong>
      </p>
      <p data-testid="stop-reason-message">{r.message}</p>
    </div>
  );
}
