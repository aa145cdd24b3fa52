// The question before a connection is deleted: its phrase, and one sentence naming what goes (the row,
// its keychain secret, every synced learner, enrolment and snapshot, what its plans read from the LMS)
// and what stays (its jobs, in History, with the summary of a plan a job was made from). Pure, so the
// Connections screen, the CLI and main's refusal say the same thing; and what the CLI says once it is done.
import type { ConnectionDataCounts, ConnectionDeleted, ConnectionDeletePlan } from '../contract/dto/connections';
import { secretStays } from './secretStays';

/** "DELETE connection Acme Production": the verb, the thing and its name, as the job phrases read. */
export function connectionDeletePhrase(nameInPhrase: string): string {
  return `DELETE connection ${nameInPhrase}`;
}

const count = (n: number, one: string, many: string) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** "12 courses, 40 synced learners (names and emails), …", or null when nothing was synced. */
function syncedList(r: ConnectionDataCounts): string | null {
  if (r.syncRuns + r.courses + r.learners + r.enrolments === 0) return null;
  return (
    `${count(r.courses, 'course', 'courses')}, ` +
    `${count(r.learners, 'synced learner', 'synced learners')} (names and emails), ` +
    `${count(r.enrolments, 'enrolment', 'enrolments')}, ` +
    `${count(r.syncRuns, 'sync run', 'sync runs')} with ${count(r.snapshots, 'tracking snapshot', 'tracking snapshots')}`
  );
}

/** "2 plans and the 40 records they read from the LMS", or null when no plan was made on it. */
function plansList(r: ConnectionDataCounts, plansKept: number): string | null {
  const plans = r.plans + plansKept;
  if (plans === 0) return null;
  return `${count(plans, 'plan', 'plans')} and the ${count(r.planReads, 'record', 'records')} ${plans === 1 ? 'it' : 'they'} read from the LMS`;
}

/** A plan a job was made from: what stays of it, and why. */
function keptPlans(plansKept: number): string {
  return plansKept === 1
    ? "1 plan a job was made from keeps its summary (what it compared, when, its counts) with that job's History"
    : `${count(plansKept, 'plan', 'plans')} jobs were made from keep their summaries (what they compared, when, their counts) with those jobs' History`;
}

function jobsStay(jobsKept: number): string {
  return `${jobsKept === 1 ? '1 job stays' : `${count(jobsKept, 'job', 'jobs')} stay`} in History, with ${jobsKept === 1 ? 'its' : 'their'} rows and requests.`;
}

/** "Deleting “Acme” removes it, its secret in the OS keychain and its synced data: …. Its 2 jobs stay in History." */
export function connectionDeleteSummary(p: Omit<ConnectionDeletePlan, 'phrase'>): string {
  const r = p.removes;
  const listed = syncedList(r);
  const synced = listed ? `its synced data goes with it: ${listed}` : 'nothing was synced from it';
  const listedPlans = plansList(r, p.plansKept);
  const plans = listedPlans
    ? ` ${listedPlans.charAt(0).toUpperCase()}${listedPlans.slice(1)} go, with each planned row's old and new values` +
      `${p.plansKept ? `; ${keptPlans(p.plansKept)}` : ''}.`
    : '';
  const jobs = p.jobsKept === 0 ? 'No job was made on it.' : jobsStay(p.jobsKept);
  const secret = p.secretKept
    ? `the connection, but ${secretStays(p.secretKept)};`
    : 'the connection and its secret in the OS keychain;';
  return `Deleting “${p.name}” removes ${secret} ${synced}.${plans} ${jobs}${stranded(p)}${doubtful(p)}`;
}

/** " It has 2 rows in doubt …", or '' when none of its jobs has one. */
function doubtful(p: Pick<ConnectionDeletePlan, 'jobsKept' | 'inDoubt'>): string {
  const { jobs, rows } = p.inDoubt;
  if (rows === 0) return '';
  const whose = p.jobsKept === 1 ? 'It has' : jobs === 1 ? '1 of them has' : `${jobs.toLocaleString('en-US')} of them have`;
  return (
    ` ${whose} ${count(rows, 'row', 'rows')} in doubt (they may or may not have reached the LMS): once the connection ` +
    'is gone, they cannot be looked up or sent again, only marked succeeded or failed. Settle them first ' +
    '(History, or bulk-desk jobs in-doubt) if they may need sending.'
  );
}

/** " 2 of them are not finished, with 40 rows not sent: …", or '' when every job there is finished. */
function stranded(p: Pick<ConnectionDeletePlan, 'jobsKept' | 'unfinished'>): string {
  const { jobs, rows } = p.unfinished;
  if (jobs === 0) return '';
  const which =
    jobs === 1
      ? p.jobsKept === 1
        ? 'It is'
        : '1 of them is'
      : `${jobs.toLocaleString('en-US')} of them are`;
  return (
    ` ${which} not finished, with ${count(rows, 'row', 'rows')} not sent: once the connection is gone, those rows ` +
    `cannot be sent from Bulk Desk. Finish or cancel ${jobs === 1 ? 'that job' : 'those jobs'} first if they should go.`
  );
}

/** What the CLI prints once the connection is gone: what went, counted as it went, and what stays. */
export function connectionDeletedText(
  id: string,
  name: string,
  d: Omit<ConnectionDeleted, 'deleted'>,
): string {
  const gone = [syncedList(d.removed), plansList(d.removed, d.plansKept)].filter((x) => x !== null);
  const kept = [
    d.jobsKept ? jobsStay(d.jobsKept) : '',
    d.plansKept ? `${keptPlans(d.plansKept)}.` : '',
  ].filter(Boolean);
  const secret = d.secretKept ? `; ${secretStays(d.secretKept)};` : ' and its secret;';
  return (
    `Deleted connection ${id} (${name})${secret} ${gone.length ? `removed ${gone.join('; ')}` : 'nothing was synced or planned on it'}.` +
    (kept.length ? ` ${kept.join(' ')}` : '')
  );
}
