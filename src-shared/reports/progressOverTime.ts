// Trackings over time: each sync keeps a snapshot of every enrolment, so two dates can be compared.
// Per course: enrolled, completed and average progress in the snapshot at or before each date.
import { courseKey, type CourseRow, type EnrolmentRow, type SourceRef } from './types';
import { bySourceThen, mean, round } from './stats';
import type { SyncRunSummary } from '../sync/types';

export interface ProgressOverTimeRow extends SourceRef {
  courseId: string;
  title: string;
  /** Null when the course's connection had not been synced by the first date: there is no start to compare. */
  enrolledFrom: number | null;
  enrolledTo: number;
  completedFrom: number | null;
  completedTo: number;
  averageProgressFrom: number | null;
  averageProgressTo: number | null;
  /** completedTo − completedFrom; null without a start. */
  newCompletions: number | null;
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
 */
export function progressOverTime(
  courses: readonly CourseRow[],
  from: readonly EnrolmentRow[],
  to: readonly EnrolmentRow[],
  fromConnections?: ReadonlySet<string>,
): ProgressOverTimeRow[] {
  const a = summarise(from);
  const b = summarise(to);
  return courses
    .map((c) => {
      const k = courseKey(c.connectionId, c.courseId);
      const start = !fromConnections || fromConnections.has(c.connectionId);
      const x = a.get(k) ?? { enrolled: 0, completed: 0, progress: [] };
      const y = b.get(k) ?? { enrolled: 0, completed: 0, progress: [] };
      return {
        connectionId: c.connectionId,
        source: c.source,
        api: c.api,
        courseId: c.courseId,
        title: c.title,
        enrolledFrom: start ? x.enrolled : null,
        enrolledTo: y.enrolled,
        completedFrom: start ? x.completed : null,
        completedTo: y.completed,
        averageProgressFrom: start ? round(mean(x.progress), 1) : null,
        averageProgressTo: round(mean(y.progress), 1),
        newCompletions: start ? y.completed - x.completed : null,
      };
    })
    .sort(bySourceThen((r) => r.title));
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
