import type { StopKind, StopReason } from '../../src-shared/contract/api';

const TITLES: Record<StopKind, string> = {
  canary: 'Canary: look at the first rows before the rest go',
  readBack: 'Read back: the LMS does not hold what was sent',
  auth: 'Paused: the LMS refused the credentials',
  failureRate: 'Paused: too many rows failed',
  storage: 'Stopped: the database could not be written',
  internal: 'Stopped by an internal error',
};

/** Why the app (not the admin) paused or stopped a job, in words, with its kind as a heading. */
export function StopReasonBanner({ reason }: { reason: StopReason }) {
  return (
    <div
      className={`stop-reason stop-${reason.kind}`}
      role="status"
      data-testid="stop-reason"
      data-kind={reason.kind}
    >
      <strong>{TITLES[reason.kind]}</strong>
      <p>{reason.message}</p>
    </div>
  );
}
