// Trackings over time: each sync keeps a snapshot of every enrolment, so two dates can be compared.
// Per course: enrolled, completed and average progress in the snapshot at or before each date.
import { courseKey, type CourseRow, type EnrolmentRow, type SourceRef } from './types';
import { bySourceThen, mean, round } from './stats';

export interface ProgressOverTimeRow extends SourceRef {
  courseId: string;
  title: string;
  enrolledFrom: number;
  enrolledTo: number;
  completedFrom: number;
  completedTo: number;
  averageProgressFrom: number | null;
  averageProgressTo: number | null;
  /** completedTo − completedFrom. */
  newCompletions: number;
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

export function progressOverTime(
  courses: readonly CourseRow[],
  from: readonly EnrolmentRow[],
  to: readonly EnrolmentRow[],
): ProgressOverTimeRow[] {
  const a = summarise(from);
  const b = summarise(to);
  return courses
    .map((c) => {
      const k = courseKey(c.connectionId, c.courseId);
      const x = a.get(k) ?? { enrolled: 0, completed: 0, progress: [] };
      const y = b.get(k) ?? { enrolled: 0, completed: 0, progress: [] };
      return {
        connectionId: c.connectionId,
        source: c.source,
        api: c.api,
        courseId: c.courseId,
        title: c.title,
        enrolledFrom: x.enrolled,
        enrolledTo: y.enrolled,
        completedFrom: x.completed,
        completedTo: y.completed,
        averageProgressFrom: round(mean(x.progress), 1),
        averageProgressTo: round(mean(y.progress), 1),
        newCompletions: y.completed - x.completed,
      };
    })
    .sort(bySourceThen((r) => r.title));
}
