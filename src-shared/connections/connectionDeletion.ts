// The question before a connection is deleted: its phrase, and one sentence naming what goes (the row,
// its keychain secret, every synced learner, enrolment and snapshot) and what stays (its jobs, in
// History). Pure, so the Connections screen, the CLI and main's refusal say the same thing.
import type { ConnectionDeletePlan } from '../contract/dto/connections';

/** "DELETE connection Acme Production": the verb, the thing and its name, as the job phrases read. */
export function connectionDeletePhrase(nameInPhrase: string): string {
  return `DELETE connection ${nameInPhrase}`;
}

const count = (n: number, one: string, many: string) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** "Deleting “Acme” removes it, its secret in the OS keychain and its synced data: …. Its 2 jobs stay in History." */
export function connectionDeleteSummary(p: Omit<ConnectionDeletePlan, 'phrase'>): string {
  const r = p.removes;
  const synced =
    r.syncRuns + r.courses + r.learners + r.enrolments === 0
      ? 'nothing was synced from it'
      : `its synced data goes with it: ${count(r.courses, 'course', 'courses')}, ` +
        `${count(r.learners, 'synced learner', 'synced learners')} (names and emails), ` +
        `${count(r.enrolments, 'enrolment', 'enrolments')}, ` +
        `${count(r.syncRuns, 'sync run', 'sync runs')} with ${count(r.snapshots, 'tracking snapshot', 'tracking snapshots')}`;
  const jobs =
    p.jobsKept === 0
      ? 'No job was made on it.'
      : `${p.jobsKept === 1 ? '1 job stays' : `${count(p.jobsKept, 'job', 'jobs')} stay`} in History, with ${p.jobsKept === 1 ? 'its' : 'their'} rows and requests.`;
  return `Deleting “${p.name}” removes the connection and its secret in the OS keychain; ${synced}. ${jobs}`;
}
