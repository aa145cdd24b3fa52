// Completion rate per course: of the learners enrolled (a Coassemble tracking, a Coursepath course member),
// how many finished. Courses nobody is enrolled in are listed with no rate, so low uptake is visible too.
import { courseKey, type SourceRef, type SyncedData } from './types';
import { bySourceThen, percent } from './stats';

export interface CompletionRateRow extends SourceRef {
  courseId: string;
  title: string;
  enrolled: number;
  started: number;
  completed: number;
  /** completed / enrolled × 100, one decimal; null when nobody is enrolled. */
  rate: number | null;
}

export function completionRate(data: Pick<SyncedData, 'courses' | 'enrolments'>): CompletionRateRow[] {
  const counts = new Map<string, { enrolled: number; started: number; completed: number }>();
  for (const e of data.enrolments) {
    const k = courseKey(e.connectionId, e.courseId);
    const c = counts.get(k) ?? { enrolled: 0, started: 0, completed: 0 };
    c.enrolled++;
    if (e.startedAt !== null) c.started++;
    if (e.completedAt !== null) c.completed++;
    counts.set(k, c);
  }
  return data.courses
    .map((course) => {
      const c = counts.get(courseKey(course.connectionId, course.courseId)) ?? { enrolled: 0, started: 0, completed: 0 };
      return {
        connectionId: course.connectionId,
        source: course.source,
        api: course.api,
        courseId: course.courseId,
        title: course.title,
        ...c,
        rate: percent(c.completed, c.enrolled),
      };
    })
    .sort(bySourceThen((r) => r.title));
}
