// Trackings over time: each sync keeps a snapshot of every enrolment, so two dates can be compared.
// Per course: enrolled, completed and average progress in the snapshot at or before each date. A course
// deleted since keeps its row (marked), so what it had at the first date does not silently vanish.
import { courseKey, type CourseRow, type EnrolmentRow, type SourceRef } from './types';
import { mean, round } from './stats';
import type { SyncRunSummary } from '../sync/types';
import { formatDateTime } from '../util/dates';

export interface ProgressOverTimeRow extends SourceRef {
  courseId: string;
  title: string;
  /** Null when the course's connection had not been synced by the first date: there is no start to compare. */
  enrolledFrom: number | null;
  /** Null for a course removed from the LMS that the second snapshot no longer holds: not zero, unknown. */
  enrolledTo: number | null;
  completedFrom: number | null;
  completedTo: number | null;
  averageProgressFrom: number | null;
  averageProgressTo: number | null;
  /** completedTo − completedFrom; null without a start, or without an end. */
  newCompletions: number | null;
  /** 'deleted': soft-deleted in the LMS (kept in the catalog); 'gone': no longer listed at all; null: live. */
  removed: 'deleted' | 'gone' | null;
  /**
   * The date whose sync did not read this course's enrolments (its course list refused or cut short, or
   * the course's own list unfinished): that side's figures are null, unknown rather than zero.
   */
  notRead: { from: boolean; to: boolean };
}

/**
 * What one sync read of its connection's enrolments (trackings, Coursepath course members). `listedAll`:
 * its course list was read to the end unchanged, so a course it has no list for was not in the LMS then
 * (nobody enrolled: zero is true). `read` / `unread`: the course ids whose enrolments it read to the end,
 * or began and did not finish.
 */
export interface EnrolmentCoverage {
  connectionId: string;
  /** When that sync finished. */
  syncedAt: number;
  listedAll: boolean;
  read: ReadonlySet<string>;
  unread: ReadonlySet<string>;
}

/** Whether a sync's snapshot says how many were enrolled in the course (no coverage given: it does). */
export function enrolmentsKnown(
  coverage: ReadonlyMap<string, EnrolmentCoverage> | undefined,
  connectionId: string,
  courseId: string,
): boolean {
  const c = coverage?.get(connectionId);
  if (!c || c.read.has(courseId)) return true;
  return !c.unread.has(courseId) && c.listedAll;
}

/**
 * A course in a snapshot that the reports' catalog no longer lists: soft-deleted (`deleted`, its title
 * kept in the catalog) or gone from the LMS's lists altogether (title null: only its id is known).
 */
export interface RemovedCourse extends SourceRef {
  courseId: string;
  title: string | null;
  deleted: boolean;
}

function summarise(rows: readonly EnrolmentRow[]) {
  const m = new Map<string, { enrolled: number; completed: number; progress: number[] }>();
  for (const e of rows) {
    const k = courseKey(e.connectionId, e.courseId);
    const s = m.get(k) ?? { enrolled: 0, completed: 0, progress: [] };
    s.enrolled++;
    if (e.completedAt !== null) s.completed++;
    if (e.progress !== null) s.progress.push(e.progress);
    m.set(k, s);
  }
  return m;
}

/**
 * Per course, the two snapshots side by side. `fromConnections`: the connections that had a completed
 * sync by the first date; a course of any other connection has no start (its from-columns and new
 * completions are null), rather than a start of zero that would count every completion as new.
 * `removed`: courses the snapshots hold that the catalog no longer lists. Each that either snapshot has
 * enrolments for gets a row; when the second snapshot has none (a deleted course's trackings are no
 * longer synced), its to-columns are null rather than a drop to zero counted as negative completions.
 * `coverage`: what each date's syncs read; a course one of them did not read has that side null too.
 */
export function progressOverTime(
  courses: readonly CourseRow[],
  from: readonly EnrolmentRow[],
  to: readonly EnrolmentRow[],
  fromConnections?: ReadonlySet<string>,
  removed: readonly RemovedCourse[] = [],
  coverage: { from?: ReadonlyMap<string, EnrolmentCoverage>; to?: ReadonlyMap<string, EnrolmentCoverage> } = {},
): ProgressOverTimeRow[] {
  const a = summarise(from);
  const b = summarise(to);
  const none = { enrolled: 0, completed: 0, progress: [] as number[] };
  const row = (c: SourceRef & { courseId: string; title: string }, state: ProgressOverTimeRow['removed']) => {
    const k = courseKey(c.connectionId, c.courseId);
    const notRead = {
      from: !enrolmentsKnown(coverage.from, c.connectionId, c.courseId),
      to: !enrolmentsKnown(coverage.to, c.connectionId, c.courseId),
    };
    const start = (!fromConnections || fromConnections.has(c.connectionId)) && !notRead.from;
    const end = (state === null || b.has(k)) && !notRead.to;
    const x = a.get(k) ?? none;
    const y = b.get(k) ?? none;
    return {
      connectionId: c.connectionId,
      source: c.source,
      api: c.api,
      courseId: c.courseId,
      title: c.title,
      enrolledFrom: start ? x.enrolled : null,
      enrolledTo: end ? y.enrolled : null,
      completedFrom: start ? x.completed : null,
      completedTo: end ? y.completed : null,
      averageProgressFrom: start ? round(mean(x.progress), 1) : null,
      averageProgressTo: end ? round(mean(y.progress), 1) : null,
      newCompletions: start && end ? y.completed - x.completed : null,
      removed: state,
      notRead,
    };
  };
  const live = new Set(courses.map((c) => courseKey(c.connectionId, c.courseId)));
  const gone = removed.filter((c) => {
    const k = courseKey(c.connectionId, c.courseId);
    return !live.has(k) && (a.has(k) || b.has(k));
  });
  return [
    ...courses.map((c) => row(c, null)),
    ...gone.map((c) => row({ ...c, title: c.title ?? c.courseId }, c.deleted ? 'deleted' : 'gone')),
  ].sort(
    // Per source, the live courses first, then the removed ones.
    (p, q) =>
      p.source.localeCompare(q.source) ||
      Number(p.removed !== null) - Number(q.removed !== null) ||
      p.title.localeCompare(q.title),
  );
}

/**
 * The default first date: the moment every connection has been synced at least once (the latest of
 * their first syncs), so each has a start to compare with. Null before any sync.
 */
export function defaultProgressFrom(runs: readonly Pick<SyncRunSummary, 'connectionId' | 'finishedAt'>[]): number | null {
  const first = new Map<string, number>();
  for (const r of runs) first.set(r.connectionId, Math.min(first.get(r.connectionId) ?? Infinity, r.finishedAt));
  return first.size ? Math.max(...first.values()) : null;
}

/** A complete sync as the comparison uses it: which connection, and when it finished. */
export type ProgressSync = Pick<SyncRunSummary, 'id' | 'connectionId' | 'finishedAt'>;

/**
 * What the chart of new completions says when it has no bar: why, and what to do. `from` and `to`: the
 * syncs each date falls on (one per connection); `all`: every complete sync of those connections.
 * Null with no sync at all (the report's note says to sync).
 */
export function progressChartEmpty(s: { from: readonly ProgressSync[]; to: readonly ProgressSync[]; all: readonly ProgressSync[] }): string | null {
  if (s.all.length === 0) return null;
  const latest = (runs: readonly ProgressSync[]) => formatDateTime(Math.max(...runs.map((r) => r.finishedAt)));
  const AGAIN = 'progress between two dates needs two. Sync again later to compare.';
  const connections = new Set(s.all.map((r) => r.connectionId));
  if (s.all.length === 1) return `One sync so far (taken ${latest(s.all)}): ${AGAIN}`;
  if (s.all.length === connections.size) return `One sync of each connection so far (the latest taken ${latest(s.all)}): ${AGAIN}`;
  if (s.from.length === 0) return 'No sync by the first date, so there is nothing to compare with. Choose a later “From”.';
  const ids = (runs: readonly ProgressSync[]) => runs.map((r) => r.id).sort((a, b) => a - b).join(',');
  if (s.to.length && ids(s.from) === ids(s.to))
    return `Both dates fall on the same sync${s.to.length > 1 ? 's' : ''} (taken ${latest(s.to)}), so there is nothing between them. Choose an earlier “From” or a later “To”.`;
  // Two syncs in the same minute would read alike ("05:02 and 05:02"): then with seconds, which tell them apart.
  const [fromAt, toAt] = [s.from, s.to.length ? s.to : s.all].map((runs) => Math.max(...runs.map((r) => r.finishedAt))) as [number, number];
  const seconds = formatDateTime(fromAt) === formatDateTime(toAt);
  return `No course gained a completion between the two syncs (${formatDateTime(fromAt, { seconds })} and ${formatDateTime(toAt, { seconds })}).`;
}
