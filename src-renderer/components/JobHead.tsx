import type { JobSummary } from '../../src-shared/contract/api';
import { StatusBadge } from './StatusBadge';

/** A job's title line, as Run and History show it: action · file → connection, and its state. */
export function JobHead({
  job,
  titleId,
  stateTestId,
  shownState,
}: {
  job: JobSummary;
  titleId: string;
  stateTestId: string;
  /** Shown instead of the job's state when it is not known now ("disconnected"). */
  shownState?: 'disconnected';
}) {
  return (
    <header className="job-head">
      {/* Focusable by the screen (not by Tab): a job opened in place of what had focus takes it here. */}
      <h2 id={titleId} tabIndex={-1}>
        {job.templateName}{' '}
        <span className="muted">
          · {job.fileName} → {job.connectionName}
        </span>
      </h2>
      <StatusBadge status={shownState ?? job.state} testId={stateTestId} />
    </header>
  );
}
